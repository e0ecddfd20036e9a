import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/create-core';
import { createLocalClient } from '../../electron/core/ipc/local-client';
import { memorySink } from '../../electron/core/log/logger';
import type { ToolSelector } from '../../electron/core/session/tool-selector';
import type { EventPayload } from '../../electron/shared/contract';
import { filesPack } from '../fixtures/builtin/files-pack';
import { notesPack } from '../fixtures/builtin/notes-pack';
import { startOpenAiServer, type ScriptedOpenAiServer } from '../helpers/openai-server';
import { outlineReply, programReply, stepOf, testToolSelector } from '../helpers/planner';
import { tempHome } from '../helpers/temp-home';

let home: Awaited<ReturnType<typeof tempHome>>;
let core: Core;
let tools: ToolSelector;
let closeTools: () => Promise<void>;
let server: ScriptedOpenAiServer;

beforeAll(async () => {
  home = await tempHome('switchboard-chat-planner-');
  server = await startOpenAiServer();
  // The selector is built over a first core's registry, then handed to the core under test (CoreOptions.toolSelector).
  const packs = [filesPack, notesPack];
  const probe = await createCore({ host: 'test', home: join(home.dir, 'probe'), env: {}, appVersion: '0.0.0-test', packs, logSinks: [memorySink()] });
  ({ tools, close: closeTools } = await testToolSelector(probe));
  core = await createCore({
    host: 'test',
    home: join(home.dir, 'home'),
    env: {},
    appVersion: '0.0.0-test',
    packs,
    logSinks: [memorySink()],
    toolSelector: tools,
    planner: { mode: 'two-call' },
  });
  await probe.dispose();
}, 60_000);

afterAll(async () => {
  await core?.dispose();
  await closeTools?.();
  await server?.close();
  await home?.cleanup();
});

describe('chat.send through the planner', () => {
  it('with no usable model, replies how to set one up and makes no model call', async () => {
    const client = createLocalClient(core);
    const turn = await client.request('chat.send', { text: 'make a deck' });
    expect(turn).toMatchObject({
      ok: true,
      value: { reply: { role: 'assistant', text: expect.stringMatching(/^No model is set up yet.*Settings → Models/s) } },
    });
    expect(server.chatRequests()).toHaveLength(0);
  });

  it('with an OpenAI-compatible endpoint configured, answers from the planner and emits every stage', async () => {
    const client = createLocalClient(core);
    expect(
      (
        await client.request('settings.set', {
          models: { provider: 'openai', openai: { preset: 'custom', baseURL: server.baseURL, models: { planner: 'scripted' }, jsonSchema: true } },
        })
      ).ok,
    ).toBe(true);
    const seen: string[] = [];
    const names = ['turn.started', 'turn.outline', 'turn.toolbox', 'turn.program', 'turn.diagnostics', 'turn.run', 'turn.finished', 'run.finished'] as const;
    for (const name of names) client.on(name, () => seen.push(name));
    let toolbox: EventPayload<'turn.toolbox'> | undefined;
    client.on('turn.toolbox', (p) => (toolbox = p));
    server.script({
      chat: [
        outlineReply([{ action: 'search notes for standup', search: 'search notes', modules: ['notes'] }]),
        programReply("const hits = await notes.search({ query: 'standup' });\nreturn hits.length;", 'searched the notes for standup'),
      ],
    });
    const turn = await client.request('chat.send', { text: 'how many notes mention standup?' });
    if (!turn.ok) throw new Error(turn.error.message);
    expect(turn.value.reply.text).toMatch(/^Done: searched the notes for standup\.\nResult: 0/);
    expect(server.chatRequests().map(stepOf)).toEqual(['outline', 'program']);
    expect(seen).toEqual(['turn.started', 'turn.outline', 'turn.toolbox', 'turn.program', 'turn.diagnostics', 'turn.run', 'run.finished', 'turn.finished']);
    expect(toolbox?.apis[0]).toMatchObject({ name: 'notes.search', why: expect.stringContaining('step 1') });
    // The next turn sees the conversation so far.
    server.script({ chat: [outlineReply([], 'Which notes do you mean?')] });
    const next = await client.request('chat.send', { conversationId: turn.value.conversationId, text: 'and the others?' });
    expect(next).toMatchObject({ ok: true, value: { reply: { text: 'Which notes do you mean?' } } });
    const history = JSON.stringify(server.chatRequests()[2]!.messages);
    expect(history).toContain('how many notes mention standup?');
    expect(history).toContain('Done: searched the notes');
  });

  it('turn.cancel stops a turn under way', async () => {
    const client = createLocalClient(core);
    server.script({ chat: [{ ...outlineReply([]), delayMs: 10_000 }] });
    client.on('turn.started', (p) => void client.request('turn.cancel', { turnId: p.turnId }));
    const turn = await client.request('chat.send', { text: 'rename these files by date' });
    expect(turn).toMatchObject({ ok: true, value: { reply: { text: 'Cancelled. Nothing was changed.' } } });
    expect(await client.request('turn.cancel', { turnId: 'turn-none' })).toEqual({ ok: true, value: { turnId: 'turn-none', cancelled: false } });
  });
});
