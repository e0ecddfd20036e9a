import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { builtinPacks } from '../../apis';
import { createLocalClient } from '../../electron/core/ipc/local-client';
import { executorCore } from '../helpers/executor';

// The built-in office packs through the whole executor (verify, sandbox, staging), then previews of the
// staged files through the contract, then Apply.
let env: Awaited<ReturnType<typeof executorCore>>;
beforeAll(async () => {
  env = await executorCore(builtinPacks);
});
afterAll(() => env.close());

const program = `
const deck = await pptx.createDeck({
  path: 'review.pptx',
  slides: [
    { layout: 'title', title: 'Quarterly review', subtitle: 'Sales' },
    { layout: 'bullets', title: 'Highlights', bullets: ['Revenue up 12%', 'Two new regions'] },
  ],
});
await xlsx.createWorkbook({ path: 'numbers.xlsx', sheets: [{ name: 'Sales', columns: [{ header: 'Region' }, { header: 'Revenue', type: 'number' }], rows: [['EMEA', 42], ['APAC', 31]] }] });
await docx.createDocument({ path: 'memo.docx', blocks: [{ type: 'heading', text: 'Review memo', level: 1 }, { type: 'paragraph', runs: [{ text: 'All good.' }] }] });
const outline = await pptx.readDeck({ path: 'review.pptx' });
log(outline.slides.length);
return outline.slides.map((s) => s.title);
`;

it('runs a program that makes a deck, a workbook and a document, previews each staged file, then applies them', async () => {
  await writeFile(join(env.root, 'memo.docx'), 'an older memo');
  const result = await env.core.executor.run(program, { roots: [env.root] });
  expect(result).toMatchObject({ status: 'completed', value: ['Quarterly review', 'Highlights'] });
  expect(result.artifacts.map((a) => [a.kind, a.target.slice(env.root.length + 1)])).toEqual([
    ['pptx', 'review.pptx'],
    ['xlsx', 'numbers.xlsx'],
    ['docx', 'memo.docx'],
  ]);

  const client = createLocalClient(env.core);
  const target = (name: string) => result.artifacts.find((a) => a.target.endsWith(name))!.target;
  const deck = await client.request('run.preview', { runId: result.runId, target: target('review.pptx') });
  if (!deck.ok || deck.value.preview.kind !== 'pptx') throw new Error(JSON.stringify(deck));
  expect(deck.value.overwrites).toBe(false);
  expect(deck.value.preview.slideCount).toBe(2);
  expect(deck.value.preview.slides).toHaveLength(2);
  expect(deck.value.preview.slides[0]!.image).toMatch(/^data:image\/(png|svg\+xml);base64,/);

  const sheet = await client.request('run.preview', { runId: result.runId, target: target('numbers.xlsx') });
  if (!sheet.ok || sheet.value.preview.kind !== 'xlsx') throw new Error(JSON.stringify(sheet));
  expect(sheet.value.preview.sheets[0]!.name).toBe('Sales');
  expect(sheet.value.preview.sheets[0]!.cells.flat().map((c) => c?.text)).toEqual(expect.arrayContaining(['Region', 'EMEA', '42']));

  const memo = await client.request('run.preview', { runId: result.runId, target: target('memo.docx') });
  if (!memo.ok || memo.value.preview.kind !== 'docx') throw new Error(JSON.stringify(memo));
  expect(memo.value.overwrites).toBe(true);
  expect(memo.value.preview.html).toContain('Review memo');

  expect(await client.request('run.preview', { runId: result.runId, target: join(env.root, 'nothing.pptx') })).toMatchObject({
    ok: false,
    error: { code: 'NOT_FOUND' },
  });
  expect(await client.request('run.apply', { runId: result.runId })).toMatchObject({ ok: true, value: { state: 'applied' } });
  expect(await client.request('run.preview', { runId: result.runId, target: target('review.pptx') })).toMatchObject({
    ok: false,
    error: { code: 'NOT_FOUND' },
  });
}, 180_000);
