import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { docxPack } from '../../apis/docx/pack';
import { fsPack } from '../../apis/fs/pack';
import { pdfPack } from '../../apis/pdf/pack';
import { packDocuments } from '../../apis/sdk';
import { xlsxPack } from '../../apis/xlsx/pack';
import { apiContext, runSnippet } from '../helpers/api-harness';
import { exampleTypeErrors } from '../helpers/pack-examples';
import { minimalPdf, writeExampleFiles } from '../helpers/office-fixtures';
import { hasSoffice } from '../helpers/soffice';
import { testStaging } from '../helpers/staging';

// The pdf pack's documents, like office-examples.test.ts: complete, examples type-checked against the
// generated declarations (with the packs they call) and run against the implementation.

const packs = [pdfPack, xlsxPack, docxPack, fsPack];
const docs = packDocuments(pdfPack);
const examples = docs.flatMap((d) => d.examples.map((code, i) => ({ name: `${d.name} #${i + 1}`, code })));
const soffice = hasSoffice();

async function writePdfExampleFiles(root: string): Promise<void> {
  await writeExampleFiles(root);
  await mkdir(join(root, 'scans'));
  await sharp({ create: { width: 200, height: 280, channels: 3, background: '#ddeeff' } })
    .png()
    .toFile(join(root, 'scans', 'page1.png'));
  await sharp({ create: { width: 200, height: 280, channels: 3, background: '#ffeedd' } })
    .jpeg()
    .toFile(join(root, 'scans', 'page2.jpg'));
  for (const name of ['cover', 'chapter', 'appendix', 'contract'])
    await writeFile(join(root, `${name}.pdf`), minimalPdf([`${name} page one`, `${name} page two`]));
}

describe('pdf pack documents', () => {
  it('are complete: description with Output and Errors, an example, composition and effects', () => {
    expect(docs.map((d) => d.name).sort()).toEqual([
      'pdf.extractPages',
      'pdf.fromDocument',
      'pdf.fromImages',
      'pdf.fromText',
      'pdf.info',
      'pdf.merge',
      'pdf.split',
      'pdf.toImages',
    ]);
    for (const d of docs) {
      expect(d.description.length, d.name).toBeGreaterThan(120);
      expect(d.description, d.name).toMatch(/Output/);
      expect(d.description, d.name).toMatch(/Errors/);
      expect(d.examples.length, d.name).toBeGreaterThan(0);
      expect(d.composition.length, d.name).toBeGreaterThan(20);
    }
    expect(docs.find((d) => d.name === 'pdf.info')?.effects).toBe('read');
  });

  it('have examples that type-check against the generated declarations', () => {
    expect(
      exampleTypeErrors(
        packs.flatMap((p) => packDocuments(p)),
        examples,
      ),
    ).toEqual([]);
  });

  it.each(examples)(
    'runs $name against the implementation',
    async ({ name, code }) => {
      if (name.startsWith('pdf.fromDocument') && !soffice) return;
      const root = await mkdtemp(join(tmpdir(), 'pdf-example-'));
      try {
        await writePdfExampleFiles(root);
        const ctx = apiContext(await testStaging([root]));
        await runSnippet(packs, code, ctx);
        expect(ctx.staging.entries().length + (name.startsWith('pdf.info') ? 1 : 0)).toBeGreaterThan(0);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
