import { mkdir } from 'node:fs/promises';
import { builtinPacks } from '../../apis';
import type { ChatReply } from '../helpers/openai-server';
import { startOpenAiServer } from '../helpers/openai-server';
import { oneCallReply, outlineReply, programReply, stepOf } from '../helpers/planner';
import { seriousViolations } from './axe';
import { expect, openHost, test } from './fixtures';

const FIRST_LINE = "const title = 'Streaming works';";
const LAST_LINE = "return { answer: 'Made stream.pptx' };";
const PROGRAM = [
  FIRST_LINE,
  "await pptx.createDeck({ path: 'stream.pptx', slides: [",
  "  { layout: 'title', title, subtitle: 'written while you watch' },",
  '] });',
  LAST_LINE,
].join('\n');

/** The reply in small pieces, held after the first half until the test opens the gate. */
function held(reply: ChatReply, gate: Promise<void>): ChatReply {
  const chunks = (reply.content ?? '').match(/[\s\S]{1,12}/g) ?? [];
  return { chunks, holdAfterChunks: { chunks: Math.floor(chunks.length / 2), open: gate }, chunkDelayMs: 5 };
}

test('the program appears in the turn while the model is still writing it', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const steps = [{ action: 'Make a one-slide deck', search: 'create a slide deck presentation', modules: ['pptx'] }];
  const endpoint = await startOpenAiServer({
    chat: (body) =>
      stepOf(body) === 'outline'
        ? outlineReply(steps)
        : stepOf(body) === 'plan_and_program'
          ? held(oneCallReply(PROGRAM, steps, '', 'made the deck'), gate)
          : stepOf(body) === 'program'
            ? held(programReply(PROGRAM, 'made the deck'), gate)
            : { chunks: ['Made ', 'stream.pptx.'] },
  });
  const { core, home, host, close } = await openHost({ packs: builtinPacks });
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
    await composer.fill('Make a one-slide deck titled Streaming works');
    await composer.press('Enter');

    const log = page.getByRole('log', { name: 'Conversation' });
    const draft = log.getByLabel('Program being written');
    // Half the reply has arrived and the rest is held: the first line shows, the last not yet.
    await expect(draft).toContainText(FIRST_LINE, { timeout: 60_000 });
    await expect(draft).not.toContainText(LAST_LINE);
    await expect(log.getByRole('status').filter({ hasText: /^Writing the program…/ })).toBeVisible();
    await expect(log.getByText(/\d+ characters · about \d+ tokens/)).toBeVisible();
    // The draft is not announced character by character: it sits outside any live region.
    await expect(log.locator('.program-draft')).toHaveAttribute('aria-live', 'off');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath('program-streaming.png'), fullPage: true });
    expect(endpoint.chatRequests().at(-1)?.stream).toBe(true);

    open();
    // The whole program arrives: the draft gives way to the checked program and the run.
    const reply = log.getByRole('listitem').filter({ hasText: 'Made stream.pptx' });
    await expect(reply).toBeVisible({ timeout: 60_000 });
    await expect(draft).toHaveCount(0);
    await reply.getByText('Program', { exact: true }).click();
    await expect(reply.getByLabel('Program', { exact: true })).toContainText(LAST_LINE);
  } finally {
    open();
    await close();
    await endpoint.close();
  }
});
