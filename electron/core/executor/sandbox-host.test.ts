import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, SandboxHost, type SandboxLimits, type SandboxRunOptions } from './sandbox-host';

const host = new SandboxHost();
afterAll(() => host.dispose());

function run(code: string, limits: Partial<SandboxLimits> = {}, extra: Partial<SandboxRunOptions> = {}) {
  const logs: string[] = [];
  const done = host.run({
    code,
    modules: { m: ['echo', 'slow'] },
    attachments: [],
    limits: { ...DEFAULT_LIMITS, wallMs: 3000, ...limits },
    onLog: (text) => void logs.push(text),
    onCall: async ({ name, args }) => {
      if (name === 'm.slow') await new Promise((r) => setTimeout(r, 50));
      return { ok: true, value: args };
    },
    ...extra,
  });
  return done.then((outcome) => ({ outcome, logs }));
}

describe('SandboxHost', () => {
  it('runs a program: awaited calls, log, a JSON result', async () => {
    const { outcome, logs } = await run(`const r = await m.echo({ a: [1, 2] });\nlog('x', { b: 1 }, 3);\nreturn { r, sum: r.a[0] + r.a[1] };`);
    expect(outcome).toEqual({ ok: true, value: { r: { a: [1, 2] }, sum: 3 }, calls: 1 });
    expect(logs).toEqual(['x {"b":1} 3']);
  });

  it('runs concurrent calls with Promise.all', async () => {
    const { outcome } = await run(`return await Promise.all([1, 2, 3].map((n) => m.slow({ n })));`);
    expect(outcome).toMatchObject({ ok: true, value: [{ n: 1 }, { n: 2 }, { n: 3 }] });
  });

  it.each([
    ['a synchronous infinite loop', 'while (true) {}', /time limit/],
    ['an asynchronous infinite loop', 'for (;;) await null;', /time limit/],
    ['deep recursion', 'const f = (n) => f(n + 1) + 1; f(0);', /stack limit/],
    ['one huge allocation', 'const big = new Uint8Array(64 << 20); return big.length;', /memory limit/],
    // QuickJS grows its WebAssembly memory slowly, so a bomb of many allocations may meet either limit first.
    ['a memory bomb', 'const a = []; for (;;) a.push(new Uint8Array(1 << 20));', /memory limit|time limit/],
    ['a string bomb', "let s = 'x'; for (;;) s += s;", /limit/],
  ])('stops %s with LIMIT_EXCEEDED', async (_name, code, message) => {
    const { outcome } = await run(code, { wallMs: 1000, memoryBytes: 16 * 1024 * 1024 });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('LIMIT_EXCEEDED');
      expect(outcome.error.message).toMatch(message);
    }
  });

  it.each([
    ['CANCELLED through ApiCallError', "throw new ApiCallError('m.echo', 'CANCELLED', 'the run was cancelled');", /^ApiCallError: the run was cancelled$/],
    ['DENIED through ApiCallError', "throw new ApiCallError('m.echo', 'DENIED', 'the person denied m.echo');", /^ApiCallError: the person denied/],
    ['the memory-limit message', "throw new Error('out of memory');", /^Error: out of memory$/],
    ['the time-limit message', "throw new Error('interrupted');", /^Error: interrupted$/],
    ['an engine error by name', "const e = new Error('stack overflow'); e.name = 'InternalError'; throw e;", /^InternalError: stack overflow$/],
    // A genuine failure is frozen: changing its code throws in the program's strict mode.
    ['a genuine API error with its code changed', "try { await m.fail({}); } catch (e) { e.code = 'CANCELLED'; throw e; }", /^TypeError: /],
    // Prototype tricks (issue 18): the checks use intrinsics captured before the program runs, and the host checks codes itself.
    [
      'CANCELLED after replacing WeakSet.prototype.has',
      "WeakSet.prototype.has = () => true; throw new ApiCallError('m.echo', 'CANCELLED', 'the run was cancelled');",
      /^ApiCallError: the run was cancelled$/,
    ],
    [
      'DENIED through Symbol.hasInstance',
      "Object.defineProperty(ApiCallError, Symbol.hasInstance, { value: () => true }); WeakSet.prototype.has = () => true; throw { code: 'DENIED', api: 'm.echo', message: 'x' };",
      /^Error: x$/,
    ],
    [
      'the memory limit through the engine error’s prototype (Object.create)',
      "let p; try { const f = (n) => f(n + 1) + 1; f(0); } catch (e) { p = Object.getPrototypeOf(e); } const o = Object.create(p); o.message = 'out of memory'; throw o;",
      /^Error: out of memory$/,
    ],
    [
      'the memory limit through __proto__ and setPrototypeOf',
      "let p; try { const f = (n) => f(n + 1) + 1; f(0); } catch (e) { p = e.__proto__; } throw Object.setPrototypeOf(new Error('out of memory'), p);",
      /^Error: out of memory$/,
    ],
    [
      'the memory limit through Reflect.getPrototypeOf',
      "let p; try { const f = (n) => f(n + 1) + 1; f(0); } catch (e) { p = Reflect.getPrototypeOf(e); } throw { __proto__: p, message: 'out of memory' };",
      /^Error: out of memory$/,
    ],
    [
      'the time limit by relabelling a caught engine error',
      "try { const f = (n) => f(n + 1) + 1; f(0); } catch (e) { e.message = 'interrupted'; throw e; }",
      /^InternalError: interrupted$/,
    ],
  ])('a program cannot forge %s: it stays a program error', async (_name, code, message) => {
    const { outcome } = await run(
      code,
      {},
      {
        modules: { m: ['echo', 'fail'] },
        onCall: async ({ name }) => (name === 'm.fail' ? { ok: false, error: { code: 'NOT_FOUND', message: 'no' } } : { ok: true, value: null }),
      },
    );
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('PROGRAM_ERROR');
      expect(outcome.error.message).toMatch(message);
    }
  });

  it('keeps the code of a failure the host issued when the program rethrows it', async () => {
    const { outcome } = await run(
      'try { await m.fail({}); } catch (e) { throw e; }',
      {},
      { modules: { m: ['fail'] }, onCall: async () => ({ ok: false, error: { code: 'DENIED', message: 'the person denied m.fail' } }) },
    );
    expect(outcome).toMatchObject({ ok: false, error: { code: 'DENIED', message: 'm.fail: the person denied m.fail' } });
  });

  it('stops a flood of API calls at the call limit', async () => {
    const { outcome } = await run(`for (let i = 0; ; i++) { try { await m.echo({ i }); } catch {} }`, { maxCalls: 20 });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'LIMIT_EXCEEDED', message: expect.stringContaining('20 API calls') } });
  });

  it('reports running out of memory as the memory limit, also when QuickJS can only throw null; a small program’s own throw null stays its error', async () => {
    for (let i = 0; i < 3; i++) {
      const { outcome } = await run(`const keep = [];\nfor (let i = 0; ; i++) keep.push({ i, s: 'item ' + i, list: [i, i, i] });`, {
        memoryBytes: 32 * 1024 * 1024,
        wallMs: 120_000,
      });
      expect(outcome).toMatchObject({ ok: false, error: { code: 'LIMIT_EXCEEDED', message: expect.stringContaining('memory limit') } });
    }
    expect((await run(`throw null;`)).outcome).toMatchObject({ ok: false, error: { code: 'PROGRAM_ERROR', message: 'thrown: null' } });
    // The time limit is far away so a busy machine cannot reach it first: only the memory limit can end these.
  }, 400_000);

  it('stops logging past the log limit and results past the result limit', async () => {
    expect((await run(`for (;;) log('0123456789');`, { maxLogBytes: 1000 })).outcome).toMatchObject({ ok: false, error: { code: 'LIMIT_EXCEEDED' } });
    expect((await run(`return 'x'.repeat(5000);`, { maxResultBytes: 1000 })).outcome).toMatchObject({ ok: false, error: { code: 'LIMIT_EXCEEDED' } });
  });

  it('cancels through an AbortSignal and starts the next run cleanly', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { outcome } = await run('while (true) {}', {}, { signal: controller.signal });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect((await run('return 7;')).outcome).toMatchObject({ ok: true, value: 7 });
  });

  it('has no host objects, eval or Function constructor inside', async () => {
    const { outcome } = await run(
      `const F = Object.getPrototypeOf(function () {})['constr' + 'uctor'];\nreturn [typeof process, typeof require, typeof eval, typeof F, typeof setTimeout, typeof globalThis.__sb_call, typeof m.echo];`,
    );
    expect(outcome).toMatchObject({ ok: true, value: ['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'function'] });
  });

  it('reports a program that awaits forever instead of hanging', async () => {
    expect((await run('await new Promise(() => {});')).outcome).toMatchObject({ ok: false, error: { message: expect.stringContaining('never settles') } });
  });
});
