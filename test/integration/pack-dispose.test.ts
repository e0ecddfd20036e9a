import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import { imagePack } from '../../apis/image/pack';
import { ocrWorkerAlive } from '../../apis/ocr/engine';
import { defineApi, definePack } from '../../apis/sdk';
import { testStaging } from '../helpers/staging';
import { tempHome } from '../helpers/temp-home';
import { createCore } from '../../electron/core/create-core';
import { createLogger, memorySink } from '../../electron/core/log/logger';
import { builtinRuntime } from '../../electron/core/platform/builtin-runtime';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

function packWithDispose(dispose: () => void | Promise<void>) {
  const ping = defineApi({
    name: 'ping',
    description: 'Answers pong.',
    parameters: z.object({}),
    returns: z.string(),
    effects: 'read',
    run: async () => 'pong',
  });
  return definePack({ name: 'lifecycle', version: '1.0.0', description: 'A pack that records its shutdown.', apis: [ping], dispose });
}

describe('built-in pack shutdown (PackDefinition.dispose)', () => {
  it('the core calls each pack’s dispose once when it shuts down; a dispose that throws is logged and the rest still close', async () => {
    const home = await tempHome();
    dirs.push(home.dir);
    const calls: string[] = [];
    const failing = {
      ...packWithDispose(() => {
        throw new Error('socket already closed');
      }),
      name: 'failing',
    };
    const core = await createCore({
      host: 'test',
      home: home.dir,
      env: {},
      appVersion: '0.0.0-test',
      packs: [packWithDispose(() => void calls.push('disposed')), failing],
      logSinks: [],
    });
    const outcome = await core.packs.call('lifecycle.ping', {}, { signal: new AbortController().signal, roots: [] });
    expect(outcome).toEqual({ ok: true, value: 'pong' });
    await core.dispose();
    expect(calls).toEqual(['disposed']);
  });

  it('the image pack ends its OCR worker at shutdown instead of leaving it for its idle time', async () => {
    const root = await mkdtemp(join(tmpdir(), 'pack-dispose-'));
    dirs.push(root);
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="120"><rect width="600" height="120" fill="white"/><text x="20" y="80" font-family="DejaVu Sans" font-size="48">Tom Smith</text></svg>';
    await sharp(Buffer.from(svg)).png().toFile(join(root, 'card.png'));
    const sink = memorySink();
    const runtime = builtinRuntime(imagePack, createLogger({ sinks: [sink] }));
    const read = await runtime.call(
      'readText',
      { path: 'card.png' },
      { signal: new AbortController().signal, roots: [root], staging: await testStaging([root]) },
    );
    expect(read).toMatchObject({ ok: true, value: { text: expect.stringMatching(/Tom/) } });
    expect(ocrWorkerAlive()).toBe(true);
    await runtime.dispose();
    expect(ocrWorkerAlive()).toBe(false);
  }, 120_000);
});
