import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docxPack } from '../../apis/docx/pack';
import { fsPack } from '../../apis/fs/pack';
import { packDocuments } from '../../apis/sdk';
import { xlsxPack } from '../../apis/xlsx/pack';
import { apiContext, runSnippet } from '../helpers/api-harness';
import { exampleTypeErrors } from '../helpers/pack-examples';
import { writeExampleFiles } from '../helpers/office-fixtures';
import { testStaging } from '../helpers/staging';

const packs = [xlsxPack, docxPack, fsPack];
const docs = packs.flatMap((p) => packDocuments(p));
const examples = docs.flatMap((d) => d.examples.map((code, i) => ({ name: `${d.name} #${i + 1}`, code })));

describe('office pack documents', () => {
  it('are complete: description, described parameters, an example, composition and effects', () => {
    for (const d of docs) {
      expect(d.description.length, d.name).toBeGreaterThan(120);
      expect(d.examples.length, d.name).toBeGreaterThan(0);
      expect(d.composition.length, d.name).toBeGreaterThan(20);
      expect(d.description, d.name).toMatch(/Output|Errors/);
    }
    expect(docs.find((d) => d.name === 'fs.delete')?.effects).toBe('destructive');
  });

  it('have examples that type-check against the generated declarations', () => {
    expect(exampleTypeErrors(docs, examples)).toEqual([]);
  });

  it.each(examples)('runs $name against the implementation', async ({ code }) => {
    const root = await mkdtemp(join(tmpdir(), 'office-example-'));
    try {
      await writeExampleFiles(root);
      const ctx = apiContext(await testStaging([root]));
      await runSnippet(packs, code, ctx);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
