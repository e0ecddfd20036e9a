import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { builtinPacks } from '../../apis';
import { seriousViolations } from './axe';
import { expect, openHost, test } from './fixtures';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

// A program with the real office packs: a deck and a workbook are staged, an old note is deleted (which asks).
const PROGRAM = `
await pptx.createDeck({ path: 'review.pptx', slides: [
  { layout: 'title', title: 'Quarterly review', subtitle: 'Sales' },
  { layout: 'bullets', title: 'Highlights', bullets: ['Revenue up 12%', 'Two new regions'] },
] });
await xlsx.createWorkbook({ path: 'numbers.xlsx', sheets: [{ name: 'Sales', columns: [{ header: 'Region' }, { header: 'Revenue', type: 'number' }], rows: [['EMEA', 42], ['APAC', 31]] },
  { name: 'Log', columns: [{ header: 'Entry' }, { header: 'Count', type: 'number' }], rows: Array.from({ length: 800 }, (_, i) => ['entry ' + (i + 1), i + 1]) }] });
await fs.delete({ path: 'old-note.txt' });
return 'made a deck and a workbook';
`;

test('a run in a turn: approve the delete inline, preview slides and sheet, Apply, Undo', async ({ page }, testInfo) => {
  // LibreOffice renders the slides and the office packs write real files: slow on a busy machine.
  test.setTimeout(180_000);
  const { core, home, host, close } = await openHost({ packs: builtinPacks });
  // Beside the data folder, never inside it: the data folder is never granted to programs.
  const root = `${home}-work`;
  await mkdir(root);
  const note = Buffer.from('an old note to delete');
  await writeFile(join(root, 'old-note.txt'), note);
  try {
    await core.conversations.append({ id: 'u1', conversationId: 'c1', role: 'user', text: 'Make the quarterly deck', createdAt: new Date().toISOString() });
    await page.goto(host.url);
    await page
      .getByRole('navigation', { name: 'Conversations' })
      .getByRole('button', { name: /^Make the quarterly deck/ })
      .click();
    const log = page.getByRole('log', { name: 'Conversation' });
    await expect(log.getByText('Make the quarterly deck')).toBeVisible();

    // What the planner does at the end of a turn: start the run and report it in its reply.
    const { runId } = core.executor.startRun(PROGRAM, { roots: [root] });
    const reply = {
      id: 'a1',
      conversationId: 'c1',
      role: 'assistant' as const,
      text: 'Here is the deck and the workbook.',
      createdAt: new Date().toISOString(),
      runId,
    };
    await core.conversations.append(reply);
    core.bus.emit('chat.message', reply);

    const run = log.getByRole('region', { name: `Run ${runId}` });
    const approval = run.getByRole('group', { name: /Approve fs\.delete\?/ });
    await expect(approval).toBeVisible({ timeout: 60_000 });
    await expect(approval).toContainText('deletes or overwrites');
    await expect(approval.getByLabel('Arguments of the call')).toContainText('old-note.txt');
    expect(await seriousViolations(page)).toEqual([]);
    await approval.getByRole('button', { name: 'Approve once' }).click();
    await expect(run.getByRole('status').first()).toContainText('Done');

    const steps = run.getByRole('list', { name: 'Steps' }).getByRole('listitem');
    await expect(steps).toHaveCount(3);
    await expect(steps.nth(0)).toContainText('pptx.createDeck');
    await steps.nth(0).getByText('pptx.createDeck').click();
    await expect(steps.nth(0)).toContainText('Quarterly review');

    await run.getByRole('button', { name: 'Preview review.pptx' }).click();
    const slides = run.getByRole('region', { name: 'Preview of review.pptx' });
    await expect(slides.getByRole('img', { name: 'Slide 1 of 2' })).toBeVisible({ timeout: 60_000 });
    await slides.getByRole('button', { name: 'Show slide 2' }).click();
    await expect(slides.getByRole('img', { name: 'Slide 2 of 2' })).toBeVisible();
    await run.getByRole('button', { name: 'Preview numbers.xlsx' }).click();
    const sheet = run.getByRole('region', { name: 'Preview of numbers.xlsx' });
    await expect(sheet.getByRole('tab', { name: 'Sales' })).toHaveAttribute('aria-selected', 'true');
    await expect(sheet.getByRole('cell', { name: 'EMEA' })).toBeVisible();
    // Arrow keys move between sheet tabs; a long sheet is virtualised: few rows in the page, all reachable by scrolling.
    await sheet.getByRole('tab', { name: 'Sales' }).press('ArrowRight');
    await expect(sheet.getByRole('tab', { name: 'Log' })).toBeFocused();
    await expect(sheet.getByRole('tab', { name: 'Log' })).toHaveAttribute('aria-selected', 'true');
    const grid = sheet.getByRole('tabpanel', { name: 'Log' });
    await expect(grid.getByRole('cell', { name: 'entry 5', exact: true })).toBeVisible();
    expect(await grid.locator('tbody tr:not([aria-hidden])').count()).toBeLessThan(60);
    await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(grid.getByRole('cell', { name: 'entry 800', exact: true })).toBeVisible();
    await expect(grid.getByRole('cell', { name: 'entry 5', exact: true })).toHaveCount(0);
    await sheet.getByRole('tab', { name: 'Log' }).press('ArrowLeft');
    await page.screenshot({ path: testInfo.outputPath('run-previews.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // Nothing has touched the folder before Apply.
    expect(await readFile(join(root, 'old-note.txt'))).toEqual(note);
    await run.getByRole('button', { name: 'Apply 3 files' }).click();
    await expect(run.getByRole('status').filter({ hasText: 'Written:' })).toContainText('review.pptx');
    expect((await readFile(join(root, 'review.pptx'))).subarray(0, 2).toString()).toBe('PK');
    await expect(readFile(join(root, 'old-note.txt'))).rejects.toThrow();

    await run.getByRole('button', { name: 'Undo' }).click();
    await expect(run.getByRole('status').filter({ hasText: 'Restored:' })).toContainText('old-note.txt');
    expect(sha(await readFile(join(root, 'old-note.txt')))).toBe(sha(note));
    await expect(readFile(join(root, 'review.pptx'))).rejects.toThrow();
  } finally {
    await close();
  }
});

test('a denied approval stops the run with DENIED and stages nothing to apply', async ({ page }) => {
  const { core, home, host, close } = await openHost({ packs: builtinPacks });
  // Beside the data folder, never inside it: the data folder is never granted to programs.
  const root = `${home}-work`;
  await mkdir(root);
  await writeFile(join(root, 'old-note.txt'), 'keep me');
  try {
    await core.conversations.append({ id: 'u1', conversationId: 'c1', role: 'user', text: 'Tidy up', createdAt: new Date().toISOString() });
    await page.goto(host.url);
    await page
      .getByRole('navigation', { name: 'Conversations' })
      .getByRole('button', { name: /^Tidy up/ })
      .click();
    const { runId } = core.executor.startRun("await fs.delete({ path: 'old-note.txt' }); return 'ok';", { roots: [root] });
    const reply = { id: 'a1', conversationId: 'c1', role: 'assistant' as const, text: 'Removing the note.', createdAt: new Date().toISOString(), runId };
    core.bus.emit('chat.message', reply);
    const run = page.getByRole('region', { name: `Run ${runId}` });
    await run.getByRole('button', { name: 'Deny' }).click();
    await expect(run.getByRole('status').first()).toContainText('Stopped: an approval was denied');
    await expect(run).toContainText('DENIED');
    await expect(run.getByRole('button', { name: /^Apply/ })).toHaveCount(0);
    expect(await readFile(join(root, 'old-note.txt'), 'utf8')).toBe('keep me');
  } finally {
    await close();
  }
});
