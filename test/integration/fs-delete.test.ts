import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { builtinPacks } from '../../apis';
import type { RunEvent } from '../../electron/core/executor';
import { executorCore } from '../helpers/executor';

// `fs.delete` (a reserved word as a method name) through the whole executor: the verifier type-checks the
// call, the sandbox binds it, it asks for approval (destructive), a denial reaches the program as DENIED,
// and an approved deletion happens only at Apply.
let env: Awaited<ReturnType<typeof executorCore>>;
beforeAll(async () => {
  env = await executorCore(builtinPacks);
});
afterAll(() => env.close());

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

function answering(decision: 'once' | 'deny', seen: RunEvent[]): (event: RunEvent) => void {
  return (event) => {
    seen.push(event);
    if (event.type === 'run.approval.requested') env.core.executor.approve(event.runId, event.requestId, decision);
  };
}

it('verifies, asks before and applies fs.delete; the old name is unknown', async () => {
  const file = join(env.root, 'old.txt');
  await writeFile(file, 'old');
  const program = `try { const r = await fs.delete({ path: 'old.txt' }); return r.deleted; } catch (e) { return e.code; }`;

  const denied: RunEvent[] = [];
  expect(await env.core.executor.run(program, { roots: [env.root], onEvent: answering('deny', denied) })).toMatchObject({
    status: 'completed',
    value: 'DENIED',
  });
  expect(denied.find((e) => e.type === 'run.approval.requested')).toMatchObject({ api: 'fs.delete', effects: 'destructive' });

  const approved: RunEvent[] = [];
  const result = await env.core.executor.run(program, { roots: [env.root], onEvent: answering('once', approved) });
  expect(result).toMatchObject({ status: 'completed', value: ['old.txt'] });
  expect(await exists(file)).toBe(true);
  await env.core.executor.apply(result.runId);
  expect(await exists(file)).toBe(false);

  const old = await env.core.executor.run(`await fs.remove({ path: 'old.txt' });`, { roots: [env.root] });
  expect(old.status).toBe('refused');
  expect(JSON.stringify(old.diagnostics)).toMatch(/remove/);
}, 120_000);
