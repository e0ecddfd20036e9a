import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { imagePack } from '../../apis/image/pack';
import { disposeOcr } from '../../apis/ocr/engine';
import { packDocuments } from '../../apis/sdk';
import { apiContext, runSnippet } from '../helpers/api-harness';
import { exampleTypeErrors } from '../helpers/pack-examples';
import { testStaging } from '../helpers/staging';

const docs = packDocuments(imagePack);
const examples = docs.flatMap((d) => d.examples.map((code, i) => ({ name: `${d.name} #${i + 1}`, code })));

/** The files the examples name: a photo and a contact card with text on it. */
async function writeImageFixtures(root: string): Promise<void> {
  await mkdir(join(root, 'photos'), { recursive: true });
  await mkdir(join(root, 'cards'), { recursive: true });
  const photo = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><rect width="100%" height="100%" fill="#9bd"/><circle cx="300" cy="300" r="150" fill="#345"/></svg>`;
  await writeFile(join(root, 'photos/team.jpg'), await sharp(Buffer.from(photo)).jpeg().toBuffer());
  const card = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200"><rect width="100%" height="100%" fill="#fff"/><text x="20" y="60" font-family="DejaVu Sans Mono" font-size="18">Name: Tom</text><text x="20" y="110" font-family="DejaVu Sans Mono" font-size="18">Email: tom@example.com</text></svg>`;
  await writeFile(join(root, 'cards/Tom_card.png'), await sharp(Buffer.from(card)).png().toBuffer());
}

afterAll(() => disposeOcr());

describe('image pack documents', () => {
  it('are complete: description, described parameters, an example, composition and effects', () => {
    expect(docs.map((d) => d.name).sort()).toEqual(
      [
        'image.annotate',
        'image.chart',
        'image.convert',
        'image.crop',
        'image.edges',
        'image.fromText',
        'image.info',
        'image.readText',
        'image.resize',
        'image.rotate',
        'image.sketch',
      ].sort(),
    );
    for (const d of docs) {
      expect(d.description.length, d.name).toBeGreaterThan(120);
      expect(d.examples.length, d.name).toBeGreaterThan(0);
      expect(d.composition.length, d.name).toBeGreaterThan(20);
      expect(d.description, d.name).toMatch(/Output/);
      expect(d.description, d.name).toMatch(/Errors/);
      expect(d.effects, d.name).toBe(d.name === 'image.readText' || d.name === 'image.info' ? 'read' : 'stage');
    }
  });

  it('have examples that type-check against the generated declarations', () => {
    expect(exampleTypeErrors(docs, examples)).toEqual([]);
  });

  it.each(examples)(
    'runs $name against the implementation',
    async ({ code }) => {
      const root = await mkdtemp(join(tmpdir(), 'image-example-'));
      try {
        await writeImageFixtures(root);
        const ctx = apiContext(await testStaging([root]));
        const logged = await runSnippet([imagePack], code, ctx);
        if (code.includes("image.readText({ path: 'cards/Tom_card.png' })")) expect(logged).toEqual(['tom@example.com']);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
