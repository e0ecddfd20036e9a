import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { builtinPacks } from '../../apis';
import { startOpenAiServer } from '../helpers/openai-server';
import { oneCallReply, outlineReply, programReply, stepOf } from '../helpers/planner';
import { seriousViolations } from './axe';
import { expect, openHost, test } from './fixtures';

const PROGRAM = `await pptx.createDeck({ path: 'q3.pptx', slides: [
  { layout: 'title', title: 'Q3 at a glance', subtitle: 'Sales' },
  { layout: 'bullets', title: 'Highlights', bullets: ['Revenue up 12%', 'Two new regions'] },
] });
return 'q3.pptx';`;

test('a typed request: the turn shows its plan, chosen APIs and program; its run stages a deck; Apply writes it', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const steps = [{ action: 'Make a two-slide deck about Q3', search: 'create a slide deck presentation', modules: ['pptx'] }];
  // The model answers whichever step the planner asks for (auto mode may ask for the one-call plan and program).
  const endpoint = await startOpenAiServer({
    chat: (body) =>
      stepOf(body) === 'outline'
        ? outlineReply(steps)
        : stepOf(body) === 'plan_and_program'
          ? oneCallReply(PROGRAM, steps, '', 'made a two-slide deck about Q3')
          : stepOf(body) === 'program'
            ? programReply(PROGRAM, 'made a two-slide deck about Q3')
            : { chunks: ['Done: made ', 'a two-slide ', 'deck about Q3.'] },
  });
  const { core, home, host, close } = await openHost({ packs: builtinPacks });
  // Beside the data folder, never inside it: the data folder is never granted to programs.
  const root = `${home}-work`;
  await mkdir(root);
  await core.settings.set({
    models: {
      provider: 'openai',
      openai: { preset: 'custom', baseURL: endpoint.baseURL, models: { planner: 'scripted', coder: 'scripted' }, jsonSchema: true },
    },
    workspace: { folders: [root] },
  });
  try {
    await page.goto(host.url);
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('Make a two-slide deck about Q3');
    await composer.press('Enter');

    const log = page.getByRole('log', { name: 'Conversation' });
    const reply = log.getByRole('listitem').filter({ hasText: 'Done: made a two-slide deck about Q3' });
    await expect(reply).toBeVisible({ timeout: 120_000 });
    expect([
      ['outline', 'program'],
      ['plan_and_program', 'text'],
    ]).toContainEqual(endpoint.chatRequests().map(stepOf));

    await reply.getByText('Plan (1 step)').click();
    await expect(reply.getByRole('list', { name: 'Plan' })).toContainText('Make a two-slide deck about Q3');
    await reply.getByText(/^APIs chosen/).click();
    await expect(reply.getByRole('list', { name: 'APIs chosen' })).toContainText('pptx.createDeck');
    await reply.getByText('Program', { exact: true }).click();
    await expect(reply.getByLabel('Program')).toContainText("path: 'q3.pptx'");

    const run = reply.getByRole('region', { name: /^Run / });
    await expect(run.getByRole('status').first()).toContainText('Done');
    await run.getByRole('button', { name: 'Preview q3.pptx' }).click();
    await expect(run.getByRole('img', { name: 'Slide 1 of 2' })).toBeVisible({ timeout: 60_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath('planner-turn.png'), fullPage: true });
    await expect(readFile(join(root, 'q3.pptx'))).rejects.toThrow();
    await run.getByRole('button', { name: 'Apply 1 file' }).click();
    await expect(run.getByRole('status').filter({ hasText: 'Written:' })).toBeVisible();
    expect((await readFile(join(root, 'q3.pptx'))).subarray(0, 2).toString()).toBe('PK');

    // Thumbs up: recorded for the APIs the turn chose.
    await reply.getByRole('button', { name: '👍 Helpful' }).click();
    await expect(reply.getByRole('group', { name: 'Was this helpful?' }).getByRole('status')).toContainText('Thanks');
    await expect.poll(() => core.usage.figures('pptx').find((f) => f.api === 'pptx.createDeck')?.thumbsUp ?? 0).toBe(1);
    // Apply also taught the selector: createDeck counts one applied run.
    expect(core.usage.figures('pptx').find((f) => f.api === 'pptx.createDeck')?.applied).toBe(1);
    // Thumbs on the applied file itself: recorded for the API that wrote it.
    const fileThumbs = run.getByRole('group', { name: 'Was q3.pptx what you wanted?' });
    await fileThumbs.getByRole('button', { name: '👍 Good' }).click();
    await expect(fileThumbs.getByRole('status')).toContainText('Thanks: noted for pptx.createDeck');
    await expect.poll(() => core.usage.figures('pptx').find((f) => f.api === 'pptx.createDeck')?.thumbsUp ?? 0).toBe(2);

    // The turn is kept with the conversation: after a reload its plan and program are still there.
    await page.reload();
    await page
      .getByRole('navigation', { name: 'Conversations' })
      .getByRole('button', { name: /^Make a two-slide deck/ })
      .click();
    const again = page.getByRole('log', { name: 'Conversation' }).getByRole('listitem').filter({ hasText: 'Done: made a two-slide deck' });
    await again.getByText('Program', { exact: true }).click();
    await expect(again.getByLabel('Program')).toContainText("path: 'q3.pptx'");
    // The run card is read back from core's record: how it ended, its calls, and what Apply wrote.
    const runAgain = again.getByRole('region', { name: /^Run / });
    await expect(runAgain.getByRole('status').first()).toContainText('Done');
    await expect(runAgain).toContainText('pptx.createDeck');
    await expect(runAgain.getByRole('status').filter({ hasText: 'Written:' })).toContainText('q3.pptx');
    await expect(runAgain.getByRole('button', { name: /^Apply/ })).toHaveCount(0);
  } finally {
    await close();
    await endpoint.close();
  }
});
