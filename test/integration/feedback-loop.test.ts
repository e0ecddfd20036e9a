import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/create-core';
import { createLocalClient } from '../../electron/core/ipc/local-client';
import { memorySink } from '../../electron/core/log/logger';
import { convertGloveJson } from '../../electron/core/selector/glove-cache';
import { filesPack } from '../fixtures/builtin/files-pack';
import { notesPack } from '../fixtures/builtin/notes-pack';
import { startOpenAiServer, type ScriptedOpenAiServer } from '../helpers/openai-server';
import { outlineReply, programReply } from '../helpers/planner';
import { tempHome } from '../helpers/temp-home';
import { writeTinyCache, writeTinyWink } from '../helpers/word-vectors';

let home: Awaited<ReturnType<typeof tempHome>>;
let core: Core;
let server: ScriptedOpenAiServer;
let root: string;

beforeAll(async () => {
  home = await tempHome('switchboard-feedback-');
  const models = join(home.dir, 'models');
  await mkdir(models, { recursive: true });
  // A tiny word-vector cache, as the packaged app ships the real one (no 300 MB conversion in a test).
  await writeTinyCache(models, await convertGloveJson(await writeTinyWink(home.dir)));
  root = join(home.dir, 'work');
  await mkdir(root);
  server = await startOpenAiServer();
  core = await createCore({
    host: 'test',
    home: join(home.dir, 'home'),
    env: { SWITCHBOARD_MODELS_DIR: models },
    appVersion: '0.0.0-test',
    packs: [filesPack, notesPack],
    logSinks: [memorySink()],
    planner: { mode: 'two-call' },
  });
  await core.settings.set({
    models: { provider: 'openai', openai: { preset: 'custom', baseURL: server.baseURL, models: { planner: 'scripted' }, jsonSchema: true } },
    workspace: { folders: [root] },
  });
}, 60_000);

afterAll(async () => {
  await core?.dispose();
  await server?.close();
  await home?.cleanup();
});

it("applying a turn's files records the request and the APIs it used; a run outside a turn teaches nothing", async () => {
  const client = createLocalClient(core);
  const write = 'files.write';
  const doc = core.registry.getApi(write)!;
  const example = "await files.write({ path: 'standup.txt', text: 'standup at 10' });\nreturn 'ok';";
  server.script({
    chat: [outlineReply([{ action: 'write a note file', search: 'write a text file', modules: ['files'] }]), programReply(example, 'wrote the file')],
  });
  const turn = await client.request('chat.send', { text: 'write the standup note to a file' });
  if (!turn.ok) throw new Error(turn.error.message);
  const runId = turn.value.reply.runId;
  expect(runId, turn.value.reply.text).toBeDefined();
  expect(await client.request('run.apply', { runId: runId! })).toMatchObject({ ok: true });
  await expect.poll(() => core.usage.figures(doc.pack).find((f) => f.api === write)?.applied ?? 0, { timeout: 30_000 }).toBe(1);

  // The same program run directly (as `switchboard exec` does) has no request to learn from.
  const direct = await core.executor.run(example, { roots: [root] });
  expect(await client.request('run.apply', { runId: direct.runId })).toMatchObject({ ok: true });
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(core.usage.figures(doc.pack).find((f) => f.api === write)?.applied).toBe(1);
}, 120_000);
