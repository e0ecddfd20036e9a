import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineApi, definePack } from '../../apis/sdk';
import type { Core } from '../../electron/core/create-core';
import { filesPack } from '../fixtures/builtin/files-pack';
import { executorCore } from '../helpers/executor';

const state = { lateError: '', growing: 0 };

// Calls that outlive the program: one stops when told, one ignores its signal, one stages late.
const slowPack = definePack({
  name: 'slow',
  version: '1.0.0',
  description: 'Host work that outlives the program, for the run-end tests.',
  apis: [
    defineApi({
      name: 'grow',
      description: 'Stages a file and keeps appending to it; `stubborn` ignores cancellation for `ms`.',
      parameters: z.object({ path: z.string().describe('target'), stubborn: z.boolean().describe('ignore the signal'), ms: z.number().describe('how long') }),
      returns: z.null(),
      effects: 'stage',
      run: async (args, ctx) => {
        const staged = await ctx.staging.stageFile(await ctx.staging.resolve(args.path), 'other');
        await writeFile(staged, 'start;');
        state.growing += 1;
        const until = Date.now() + args.ms;
        while (Date.now() < until && (args.stubborn || !ctx.signal.aborted)) {
          await appendFile(staged, 'more;');
          await sleep(20);
        }
        return null;
      },
    }),
    defineApi({
      name: 'started',
      description: 'How many grow calls have staged their file so far.',
      parameters: z.object({}),
      returns: z.object({ count: z.number() }),
      effects: 'read',
      run: async () => ({ count: state.growing }),
    }),
    defineApi({
      name: 'late',
      description: 'Waits, then tries to stage a file.',
      parameters: z.object({ path: z.string().describe('target') }),
      returns: z.null(),
      effects: 'stage',
      run: async (args, ctx) => {
        await sleep(300);
        try {
          await ctx.staging.stageFile(await ctx.staging.resolve(args.path), 'other');
        } catch (error) {
          state.lateError = (error as Error).message;
        }
        return null;
      },
    }),
  ],
});

let core: Core;
let root: string;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ core, root, close } = await executorCore([filesPack, slowPack]));
});
afterAll(async () => close());

describe('the run ends its host work', () => {
  it('cancels a call the program did not await when the run ends, and Apply writes the bytes that existed then', async () => {
    const result = await core.executor.run(
      `const before = (await slow.started({})).count;\nvoid slow.grow({ path: 'grown.txt', stubborn: false, ms: 60000 });\nwhile ((await slow.started({})).count === before) {}\nreturn 'done';`,
      { roots: [root] },
    );
    expect(result.status).toBe('completed');
    const [entry] = await core.executor.stagedEntries(result.runId);
    const size = (await stat(entry!.stagedPath!)).size;
    await sleep(300);
    expect((await stat(entry!.stagedPath!)).size).toBe(size);
    await core.executor.apply(result.runId);
    expect((await readFile(join(root, 'grown.txt'))).length).toBe(size);
  });

  it('refuses staging after the run ended', async () => {
    const result = await core.executor.run(`void slow.late({ path: 'late.txt' });\nreturn 1;`, { roots: [root] });
    expect(result.status).toBe('completed');
    await sleep(600);
    expect(state.lateError).toMatch(/run has finished; its staged files are frozen/);
    expect(await core.executor.stagedEntries(result.runId)).toEqual([]);
  });

  it('refuses to apply a staged file that changed after run.finished (a call that ignored cancellation)', async () => {
    const result = await core.executor.run(
      `const before = (await slow.started({})).count;\nvoid slow.grow({ path: 'stubborn.txt', stubborn: true, ms: 10000 });\nwhile ((await slow.started({})).count === before) {}\nreturn 1;`,
      { roots: [root] },
    );
    expect(result.status).toBe('completed');
    const [entry] = await core.executor.stagedEntries(result.runId);
    expect(entry).toMatchObject({ stagedSize: expect.any(Number), stagedHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await sleep(300);
    await expect(core.executor.apply(result.runId)).rejects.toThrow(/changed after the run finished; Apply writes only what was previewed/);
    await expect(stat(join(root, 'stubborn.txt'))).rejects.toThrow();
    await sleep(5000); // lets the stubborn call end before the folder is removed
  }, 40_000);
});
