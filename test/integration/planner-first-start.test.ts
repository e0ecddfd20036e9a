import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { builtinPacks } from '../../apis';
import { createCore } from '../../electron/core/create-core';
import { memorySink } from '../../electron/core/log/logger';
import { GLOVE_CACHE_FILE } from '../../electron/core/selector/glove-cache';
import type { TurnEvent } from '../../electron/core/session/turn-events';
import { startOpenAiServer } from '../helpers/openai-server';
import { outlineReply, programReply, stepOf } from '../helpers/planner';
import { tempHome } from '../helpers/temp-home';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

it('first start: the selector is degraded while the word vectors build, so even one-call mode outlines first; the cache is written although the turn ended first', async () => {
  const home = await tempHome('switchboard-first-start-');
  cleanups.push(home.cleanup);
  const models = join(home.dir, 'models');
  const root = join(home.dir, 'work');
  await Promise.all([mkdir(models), mkdir(root)]);
  const server = await startOpenAiServer();
  cleanups.push(() => server.close());
  // A new home: no word-vector cache in the models folder.
  const core = await createCore({
    host: 'test',
    home: join(home.dir, 'home'),
    env: { SWITCHBOARD_MODELS_DIR: models },
    appVersion: '0.0.0-test',
    packs: builtinPacks,
    logSinks: [memorySink()],
    planner: { mode: 'one-call' },
  });
  await core.settings.set({
    models: { provider: 'openai', openai: { preset: 'custom', baseURL: server.baseURL, models: { planner: 'scripted-planner' }, jsonSchema: true } },
    workspace: { folders: [root] },
  });
  const step = [{ action: 'write Meeting at 10 into notes/answer.txt', search: 'write text file', modules: ['fs'] }];
  server.script({
    chat: [
      outlineReply(step),
      programReply("await fs.writeText({ path: 'notes/answer.txt', text: 'Meeting at 10' });\nreturn { answer: 'Wrote notes/answer.txt.' };"),
    ],
  });
  const events: TurnEvent[] = [];
  const outcome = await core.turns.run({ request: "Write 'Meeting at 10' into notes/answer.txt", roots: [root], onEvent: (e) => events.push(e) });
  expect(outcome.ok).toBe(true);
  if (!outcome.ok) return;
  expect(server.chatRequests().map(stepOf)).toEqual(['outline', 'program']);
  const toolboxes = events.filter((e) => e.type === 'turn.toolbox');
  expect(toolboxes.some((e) => e.type === 'turn.toolbox' && e.degraded)).toBe(true);
  expect(toolboxes.every((e) => e.type === 'turn.toolbox' && !e.confident)).toBe(true);
  expect(outcome.value.status).toBe('completed');
  await core.executor.discard(outcome.value.runId!);
  // The turn is over, the build may still run: closing the core waits for it and the cache is on disk.
  await core.dispose();
  await expect(access(join(models, GLOVE_CACHE_FILE))).resolves.toBeUndefined();
}, 180_000);
