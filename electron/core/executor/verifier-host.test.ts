import { z } from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import { defineApi, definePack, packDocuments } from '../../../apis/sdk';
import { Verifier } from './verifier';
import { deepNesting, exponentialSpreads, memoryHog } from '../../../test/helpers/hostile-programs';
import { isUnfinished, VerifierHost } from './verifier-host';

// Each test starts or replaces a checker process (TypeScript loaded, its library parsed): seconds on a busy machine.
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
        parameters: z.object({ title: z.string().describe('slide title'), bullets: z.array(z.string()).default([]).describe('bullet points') }),
        returns: z.object({ index: z.number() }),
        effects: 'stage',
        run: async () => ({ index: 0 }),
      }),
    ],
  }),
);

const GOOD = "const s = await deck.addSlide({ title: 'Q3', bullets: ['a'] });\nlog(s.index);\nreturn s.index;";
const WRONG = 'const s = await deck.addSlide({ title: 3 });\nawait deck.removeSlide({});\nreturn s.nope;';

describe('VerifierHost', { timeout: SLOW }, () => {
  const host = new VerifierHost({ limits: () => ({ timeoutMs: 60_000 }) });
  const local = new Verifier();
  afterAll(async () => {
    local.dispose();
    await host.dispose();
  });

  it('gives the same verdicts and diagnostics as the verifier in process, from one warm checker', async () => {
    for (const program of [GOOD, WRONG, 'return (;', 'return globalThis;', 'x <!-- y']) {
      expect(await host.verify(program, docs)).toEqual(local.verify(program, docs));
    }
    const pid = host.pid;
    expect(pid).toBeTypeOf('number');
    await host.verify(GOOD, docs);
    expect(host.pid).toBe(pid);
  });

  it('refuses a program nested too deeply to check with a sentence, and the next check works', async () => {
    const result = await host.verify(deepNesting(5000), docs);
    expect(isUnfinished(result)).toBe(true);
    expect(result.ok).toBe(false);
    expect(result.text).toMatch(/could not be checked: it is nested too deeply/);
    expect((await host.verify(GOOD, docs)).ok).toBe(true);
  });

  it('kill -9 of the checker during a check: a sentence, then a fresh checker', async () => {
    await host.verify(GOOD, docs);
    const pid = host.pid!;
    const pending = host.verify(exponentialSpreads(16), docs);
    setTimeout(() => process.kill(pid, 'SIGKILL'), 300);
    const result = await pending;
    expect(result.text).toMatch(/could not be checked: the checker stopped \(signal SIGKILL\) and was restarted/);
    expect((await host.verify(WRONG, docs)).diagnostics.length).toBeGreaterThan(0);
    expect(host.pid).not.toBe(pid);
  });

  it('a cancelled check ends at once with a sentence', async () => {
    const controller = new AbortController();
    const pending = host.verify(exponentialSpreads(16), docs, controller.signal);
    setTimeout(() => controller.abort(), 300);
    expect((await pending).text).toMatch(/not checked: the run was cancelled/);
  });
});

describe('VerifierHost limits', { timeout: SLOW }, () => {
  it('stops a program past the time limit, replaces the checker and queued checks still run', async () => {
    const host = new VerifierHost({ limits: () => ({ timeoutMs: 3000 }) });
    try {
      await host.verify(GOOD, docs);
      const first = host.pid;
      const [slow, next] = await Promise.all([host.verify(exponentialSpreads(16), docs), host.verify(GOOD, docs)]);
      expect(slow).toMatchObject({ ok: false, diagnostics: [{ kind: 'limit', line: 1, column: 1 }] });
      expect(slow.text).toMatch(/could not be checked within 3 s \(the checker's time limit\)/);
      expect(next.ok).toBe(true);
      expect(host.pid).not.toBe(first);
    } finally {
      await host.dispose();
    }
  });

  it('stops a program past the memory limit with a sentence naming it', async () => {
    const host = new VerifierHost({ limits: () => ({ timeoutMs: 300_000, memoryMb: 128 }) });
    try {
      expect((await host.verify(GOOD, docs)).ok).toBe(true);
      const result = await host.verify(memoryHog(60), docs);
      expect(result.text).toMatch(/could not be checked within the checker's memory limit \(128 MB\)/);
      expect((await host.verify(GOOD, docs)).ok).toBe(true);
    } finally {
      await host.dispose();
    }
  });
});
