import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiContext, callApi } from '../../test/helpers/api-harness';
import { png, writeExampleFiles } from '../../test/helpers/office-fixtures';
import { hasPythonModule, python } from '../../test/helpers/python';
import { testStaging } from '../../test/helpers/staging';
import type { ApiContext } from '../sdk';
import { docxPack } from './pack';

const second = hasPythonModule('docx');
let root: string;
let ctx: ApiContext;
const call = (verb: string, args: unknown) => callApi(docxPack, verb, args, ctx) as Promise<Record<string, unknown>>;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'docx-pack-'));
  await writeExampleFiles(root);
  ctx = apiContext(await testStaging([root]));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

interface DocFacts {
  paragraphs: { style: string; text: string; bold: boolean[] }[];
  tables: string[][][];
  headers: string[];
  footers: string[];
  images: number;
}

// python-docx re-opens what the pack wrote and reports every fact the tests assert, in one call.
const PYDOCX = `
import json, sys, docx
d = docx.Document(sys.argv[1])
s = d.sections[0]
print(json.dumps({
  "paragraphs": [{"style": p.style.name, "text": p.text, "bold": [bool(r.bold) for r in p.runs]} for p in d.paragraphs],
  "tables": [[[c.text for c in row.cells] for row in t.rows] for t in d.tables],
  "headers": [p.text for p in s.header.paragraphs], "footers": [p.text for p in s.footer.paragraphs],
  "images": len(d.inline_shapes),
}))
`;
const facts = async (path: string) => (await python(PYDOCX, [path])) as DocFacts;

describe.skipIf(!second)('docx pack, checked by python-docx', () => {
  it('createDocument writes headings, runs, nested lists, tables, images, breaks, toc, header, footer', async () => {
    await writeFile(join(root, 'dot.png'), png());
    await call('createDocument', {
      path: 'memo.docx',
      title: 'Memo',
      header: 'Internal',
      footer: 'ACME',
      pageNumbers: true,
      blocks: [
        { type: 'toc' },
        { type: 'heading', text: 'Team memo', level: 1 },
        { type: 'paragraph', runs: [{ text: 'Budget is ' }, { text: 'approved', bold: true }, { text: '.', link: 'https://example.com' }] },
        { type: 'list', ordered: true, items: ['Plan', { text: 'Draft', level: 1 }, 'Review'] },
        { type: 'list', items: ['Apples', 'Pears'] },
        {
          type: 'table',
          header: ['Item', 'Cost'],
          rows: [
            ['Rent', 1200],
            ['Power', null],
          ],
        },
        { type: 'image', path: 'dot.png', width: 100, caption: 'A dot' },
        { type: 'pageBreak' },
        { type: 'heading', text: 'Appendix', level: 2 },
      ],
    });
    const f = await facts(ctx.staging.entries()[0]!.stagedPath!);
    const byText = (t: string) => f.paragraphs.find((p) => p.text === t);
    expect(byText('Team memo')?.style).toBe('Heading 1');
    expect(byText('Appendix')?.style).toBe('Heading 2');
    expect(f.paragraphs.some((p) => p.text.startsWith('Budget is approved') && p.bold.includes(true))).toBe(true);
    expect(f.paragraphs.filter((p) => ['Plan', 'Draft', 'Review', 'Apples', 'Pears'].includes(p.text))).toHaveLength(5);
    expect(f.tables).toEqual([
      [
        ['Item', 'Cost'],
        ['Rent', '1200'],
        ['Power', ''],
      ],
    ]);
    expect(f.images).toBe(1);
    expect(f.headers).toEqual(['Internal']);
    expect(f.footers[0]).toBe('ACME');
    expect(f.footers[1]).toMatch(/^Page .* of /);
    expect(byText('A dot')).toBeDefined();
  });

  it('reads, replaces across runs, appends and inserts a table after a heading, composing on the staged copy', async () => {
    const read = await call('readDocument', { path: 'report.docx' });
    expect(read.outline).toEqual([
      { level: 1, text: 'Quarterly report' },
      { level: 2, text: 'Results' },
    ]);
    expect(read.tables).toBe(1);
    const r = await call('replaceText', {
      path: 'report.docx',
      replacements: [
        { find: 'the North region', replace: 'all regions' },
        { find: 'Draft', replace: 'Final' },
        { find: 'nothing-here', replace: 'x' },
      ],
    });
    expect(r.replaced).toEqual({ 'the North region': 1, Draft: 1, 'nothing-here': 0 });
    await call('insertTableAfterHeading', {
      path: 'report.docx',
      heading: 'results',
      header: ['Region', 'Amount'],
      rows: [['North', 165.5]],
      caption: 'Table 1',
    });
    await call('appendSections', {
      path: 'report.docx',
      blocks: [
        { type: 'heading', text: 'Next steps', level: 2 },
        { type: 'list', ordered: true, items: ['Hire', { text: 'Interview', level: 1 }] },
        { type: 'paragraph', runs: [{ text: 'Signed', italics: true }] },
      ],
    });
    expect(ctx.staging.entries()).toHaveLength(1);
    const f = await facts(ctx.staging.entries()[0]!.stagedPath!);
    const texts = f.paragraphs.map((p) => p.text);
    expect(texts).toContain('Revenue grew in all regions.');
    expect(texts).toContain('Final version, not for distribution.');
    expect(texts.indexOf('Table 1')).toBe(texts.indexOf('Results') + 1);
    expect(f.tables[0]).toEqual([
      ['Region', 'Amount'],
      ['North', '165.5'],
    ]);
    expect(f.tables).toHaveLength(2);
    expect(f.paragraphs.find((p) => p.text === 'Next steps')?.style).toBe('Heading 2');
    expect(texts).toContain('1.\tHire');
    expect(texts).toContain('1.\tInterview');
    expect(texts[texts.length - 1]).toBe('Signed');
    const again = await call('readDocument', { path: 'report.docx' });
    expect((again.outline as { text: string }[]).map((h) => h.text)).toEqual(['Quarterly report', 'Results', 'Next steps']);
  });

  it('fillTemplate fills placeholders inline and as paragraphs, and reports missing and unused ones', async () => {
    const r = await call('fillTemplate', {
      template: 'template.docx',
      path: 'letter.docx',
      values: { name: 'Ada', order: 'A-1', items: ['1 lamp', '2 bulbs'], extra: 'x' },
    });
    expect(r).toMatchObject({ filled: ['name', 'order', 'items'], missing: ['date'], unused: ['extra'] });
    const f = await facts(ctx.staging.entries()[0]!.stagedPath!);
    const texts = f.paragraphs.map((p) => p.text);
    expect(texts).toContain('Dear Ada,');
    expect(texts).toContain('Your order A-1 ships on {{date}}.');
    expect(texts).toContain('1 lamp');
    expect(texts).toContain('2 bulbs');
  });

  it('fillTemplate finds a placeholder split across differently formatted runs', async () => {
    const { Document, Packer, Paragraph, TextRun } = await import('docx');
    const split = new Document({
      sections: [{ children: [new Paragraph({ children: [new TextRun('Hello {{na'), new TextRun({ text: 'me}}', bold: true }), new TextRun('!')] })] }],
    });
    await writeFile(join(root, 'split.docx'), await Packer.toBuffer(split));
    const r = await call('fillTemplate', { template: 'split.docx', path: 'split.docx', values: { name: 'Ada' } });
    expect(r).toMatchObject({ filled: ['name'], missing: [], unused: [] });
    const f = await facts(ctx.staging.entries()[0]!.stagedPath!);
    expect(f.paragraphs[0]!.text).toBe('Hello Ada!');
  });

  it('raises clear errors and stages nothing', async () => {
    await expect(call('readDocument', { path: 'missing.docx' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call('readDocument', { path: 'sales.xlsx' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS' });
    await writeFile(join(root, 'fake.docx'), await import('node:fs/promises').then((m) => m.readFile(join(root, 'sales.xlsx'))));
    await expect(call('readDocument', { path: 'fake.docx' })).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: expect.stringContaining('is a xlsx file'),
    });
    await expect(call('insertTableAfterHeading', { path: 'report.docx', heading: 'Nowhere', rows: [['x']] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('Quarterly report'),
    });
    await expect(call('appendSections', { path: 'report.docx', blocks: [{ type: 'image', path: 'x.png' }] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENTS',
    });
    await expect(call('createDocument', { path: 'img.docx', blocks: [{ type: 'image', path: 'notes.txt' }] })).rejects.toMatchObject({ code: 'INVALID_FILE' });
    expect(ctx.staging.entries()).toEqual([]);
  });
});
