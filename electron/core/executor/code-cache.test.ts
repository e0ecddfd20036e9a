import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import { defineApi, definePack, packDocuments } from '../../../apis/sdk';
import { Verifier } from './verifier';
import { VerifierHost } from './verifier-host';

// Real checker processes, each loading TypeScript: seconds apiece on a busy machine.
const SLOW = 240_000;

const docs = packDocuments(
  definePack({
    name: 'deck',
    version: '1.0.0',
    description: 'slides',
    apis: [
      defineApi({
        name: 'addSlide',
        description: 'Adds a slide.',
        parameters: z.object({ title: z.string().describe('slide title') }),
        returns: z.object({ index: z.number() }),
        effects: 'stage',
        run: async () => ({ index: 0 }),
      }),
    ],
  }),
);
const WRONG = 'const s = await deck.addSlide({ title: 3 });\nreturn [1, 2].findLast((n) => n > s.nope);';

describe("the checker's code cache", { timeout: SLOW }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-code-cache-'));
  const local = new Verifier();
  afterAll(() => {
    local.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts a checker with the cache in `dir`, checks WRONG, and says what became of the cache. */
  async function startAndCheck(): Promise<{ state: string | undefined; verdict: unknown }> {
    const host = new VerifierHost({ codeCacheDir: dir, limits: () => ({ timeoutMs: 60_000 }) });
    try {
      const state = await host.started();
      return { state, verdict: await host.verify(WRONG, docs) };
    } finally {
      await host.dispose();
    }
  }

  const cacheFile = () => readdirSync(dir).filter((name) => name.endsWith('.v8cache'));

  it('is written by the first checker, used by the next, and a bad one is refused and replaced; the verdicts stay the same', async () => {
    const expected = local.verify(WRONG, docs);
    expect(expected.ok).toBe(false);

    const first = await startAndCheck();
    expect(first.state).toBe('missing');
    expect(first.verdict).toEqual(expected);
    // Written before the checker says it is ready: there once the first check is done.
    expect(cacheFile()).toHaveLength(1);
    const [name] = cacheFile();
    expect(statSync(join(dir, name!)).size).toBeGreaterThan(100_000);

    const second = await startAndCheck();
    expect(second.state).toBe('used');
    expect(second.verdict).toEqual(expected);

    // A damaged cache (or one from other V8 flags) is refused by V8: a normal load, the same verdict, a new cache.
    const damaged = Buffer.from(readFileSync(join(dir, name!)).subarray(0, 5000)).fill(7, 100);
    writeFileSync(join(dir, name!), damaged);
    const third = await startAndCheck();
    expect(third.state).toBe('rejected');
    expect(third.verdict).toEqual(expected);
    expect(statSync(join(dir, name!)).size).toBeGreaterThan(100_000);
  });

  it('is off without a folder', async () => {
    const host = new VerifierHost({ limits: () => ({ timeoutMs: 60_000 }) });
    try {
      expect(await host.started()).toBe('off');
    } finally {
      await host.dispose();
    }
  });
});
