import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packDocuments } from '../../apis/sdk';
import { declarationsFor } from '../../electron/core/platform/declarations';
import { apiContext, callApi, packNamespace } from '../helpers/api-runner';
import { typeCheck } from '../helpers/compile';
import { readRawDeck } from '../helpers/pptx-xml';
import { testStaging } from '../helpers/staging';
import { createDeck } from '../../apis/pptx/create-deck';
import { pptxPack } from '../../apis/pptx/pack';

// Every example in the pptx documents is type-checked against the generated declarations and then run
// against the implementation (through the namespace object a program sees), on a fixture deck.
const docs = packDocuments(pptxPack);
const declarations = declarationsFor(docs).full.text;
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;

describe('pptx API documents', () => {
  let fixture: string;

  beforeAll(async () => {
    fixture = await mkdtemp(join(tmpdir(), 'switchboard-pptx-examples-'));
    const staging = await testStaging([fixture]);
    await callApi(
      createDeck,
      {
        path: 'report.pptx',
        slides: [
          { layout: 'title', title: 'Q3 report for {{client}}' },
          { layout: 'bullets', title: 'Q3 results', bullets: ['Revenue up', 'Costs flat'], notes: 'Q3 notes' },
          { layout: 'chart', title: 'By region', chart: { type: 'bar', categories: ['A', 'B'], series: [{ name: 'Q3', values: [1, 2] }] } },
          { layout: 'table', title: 'Accounts', columns: ['Name'], rows: [['Acme']] },
        ],
      },
      apiContext(staging, [fixture]),
    );
    await copyFile(staging.entries()[0]!.stagedPath!, join(fixture, 'report.pptx'));
  });

  it('are complete: description, described parameters, an example, composition and effects', () => {
    expect(docs.map((d) => d.name).sort()).toEqual(
      ['addSlides', 'createDeck', 'deleteSlides', 'duplicateSlide', 'insertSlide', 'outline', 'readDeck', 'reorderSlides', 'replaceText', 'setTheme'].map(
        (v) => `pptx.${v}`,
      ),
    );
    for (const doc of docs) {
      expect(doc.description.length, doc.name).toBeGreaterThan(120);
      expect(doc.description, doc.name).toMatch(/Returns/);
      expect(doc.description, doc.name).toMatch(/INVALID_FILE|NOT_FOUND/);
      expect(doc.examples.length, doc.name).toBeGreaterThan(0);
      expect(doc.composition.length, doc.name).toBeGreaterThan(20);
      expect(['read', 'stage']).toContain(doc.effects);
      for (const [name, prop] of Object.entries(doc.parameters.properties ?? {})) expect(prop.description, `${doc.name}.${name}`).toBeTruthy();
    }
  });

  const examples = docs.flatMap((doc) => doc.examples.map((code, i) => ({ name: `${doc.name} #${i + 1}`, code })));

  it('type-check against the declarations (one program per example, compiled together)', () => {
    const files: Record<string, string> = { '/pptx.d.ts': declarations, '/log.d.ts': 'declare function log(...values: unknown[]): void;\n' };
    examples.forEach(({ code }, i) => {
      files[`/example-${i}.ts`] = `async function program(): Promise<void> {\n${code}\n}\nexport {};\n`;
    });
    expect(examples.length).toBeGreaterThanOrEqual(10);
    expect(typeCheck(files)).toEqual([]);
    // The check has teeth: a wrong argument is reported.
    expect(
      typeCheck({
        ...files,
        '/bad.ts': "async function p(): Promise<void> { await pptx.deleteSlides({ path: 'a.pptx', slides: 'all' }); }\nexport {};\n",
      }).join('\n'),
    ).toMatch(/bad\.ts/);
  });

  it.each(examples)('$name runs and leaves a readable deck', async ({ code }) => {
    const root = await mkdtemp(join(tmpdir(), 'switchboard-pptx-example-'));
    await copyFile(join(fixture, 'report.pptx'), join(root, 'report.pptx'));
    const staging = await testStaging([root]);
    const ctx = apiContext(staging, [root]);
    await new AsyncFunction('pptx', 'log', code)(packNamespace(pptxPack, ctx), () => undefined);
    for (const entry of staging.entries()) {
      const deck = await readRawDeck(entry.stagedPath!);
      expect(deck.slides.length).toBeGreaterThan(0);
    }
  });
});
