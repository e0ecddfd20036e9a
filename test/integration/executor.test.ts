import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/create-core';
import type { RunEvent } from '../../electron/core/executor';
import { createLocalClient } from '../../electron/core/ipc/local-client';
import { eventLog, executorCore, hashTree } from '../helpers/executor';

let core: Core;
let root: string;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ core, root, close } = await executorCore());
});
afterAll(async () => close());

/** Answers every approval request with `decision` and records the requests. */
function approver(decision: 'deny' | 'once' | 'run' | 'always') {
  const log = eventLog();
  return {
    ...log,
    onEvent: (event: RunEvent) => {
      log.onEvent(event);
      if (event.type === 'run.approval.requested') core.executor.approve(event.runId, event.requestId, decision);
    },
    asked: () => log.events.filter((e) => e.type === 'run.approval.requested').length,
  };
}

describe('executor runs', () => {
  it('runs a program and streams its events in order, ending with the value and statistics', async () => {
    await writeFile(join(root, 'in.txt'), 'hello');
    const log = eventLog();
    const result = await core.executor.run(
      `const { text } = await files.read({ path: 'in.txt' });\nlog('got', text.length);\nawait files.write({ path: 'out.txt', text: text + '!' });\nreturn { length: text.length };`,
      { roots: [root], onEvent: log.onEvent },
    );
    expect(result.status).toBe('completed');
    expect(result.value).toEqual({ length: 5 });
    expect(log.types()).toEqual([
      'run.started',
      'run.api.called',
      'run.api.result',
      'run.log',
      'run.api.called',
      'run.artifact.staged',
      'run.api.result',
      'run.finished',
    ]);
    const called = log.events[1] as Extract<RunEvent, { type: 'run.api.called' }>;
    expect(called).toMatchObject({ api: 'files.read', args: { path: 'in.txt' } });
    expect((log.events[2] as Extract<RunEvent, { type: 'run.api.result' }>).durationMs).toBeGreaterThanOrEqual(0);
    expect(result.artifacts).toEqual([{ target: join(root, 'out.txt'), kind: 'other', action: 'write' }]);
    expect(result.statistics).toMatchObject({ calls: 2, failedCalls: 0, artifacts: 1 });
    await expect(readFile(join(root, 'out.txt'))).rejects.toThrow();
    await core.executor.discard(result.runId);
  });

  it('gives the program failed calls as ApiCallError values with a code it can inspect', async () => {
    const result = await core.executor.run(
      `try { await files.fail({ what: 'the deck' }); } catch (e) { return [e instanceof ApiCallError, e.api, e.code, e.message]; }`,
      { roots: [root] },
    );
    expect(result.value).toEqual([true, 'files.fail', 'NOT_FOUND', 'the deck was not found']);
    const uncaught = await core.executor.run(`await files.fail({ what: 'x' });`, { roots: [root] });
    expect(uncaught).toMatchObject({ status: 'failed', error: { code: 'NOT_FOUND' } });
  });

  it('validates arguments on the host even when the program bypasses the types', async () => {
    const result = await core.executor.run(`const args = JSON.parse('{"path": 5}');\ntry { await files.read(args); } catch (e) { return e.code; }`, {
      roots: [root],
    });
    expect(result.value).toBe('INVALID_ARGUMENTS');
  });

  it('refuses a program the verifier rejects without running anything', async () => {
    const log = eventLog();
    const result = await core.executor.run(`await files.write({ path: 'x.txt' });`, { roots: [root], onEvent: log.onEvent });
    expect(result.status).toBe('refused');
    expect(result.diagnostics?.[0]?.signature).toContain('files.write(args: { path: string; text: string; })');
    expect(log.types()).toEqual(['run.started', 'run.finished']);
  });

  it('reports a runtime error with its line in the program', async () => {
    const result = await core.executor.run(`const a = [];\n\nnull.x;`, { roots: [root] });
    expect(result.status).toBe('refused');
    const runtime = await core.executor.run(`const a = JSON.parse('null');\n\nreturn a.x;`, { roots: [root] });
    expect(runtime.status).toBe('failed');
    expect(runtime.error?.message).toContain('(at line 3)');
  });

  it('only exposes the APIs it was given', async () => {
    const result = await core.executor.run(`return await files.echo({ value: 1 });`, { apis: ['notes.search'], roots: [root] });
    expect(result.status).toBe('refused');
    const ok = await core.executor.run(`return typeof files;`, { apis: ['notes.search'], roots: [root] });
    expect(ok.status).toBe('refused');
  });

  it('gives attachments as opaque handles that file APIs accept, and refuses forged ones', async () => {
    const outside = join(root, '..', 'attached.txt');
    await writeFile(outside, 'attached text');
    const result = await core.executor.run(
      `const a = attachments[0];\nconst { text } = await files.read({ path: a.handle });\nreturn [a.name, a.size, a.handle.startsWith('sb-file:'), text];`,
      { roots: [root], attachments: [outside] },
    );
    expect(result.value).toEqual(['attached.txt', 13, true, 'attached text']);
    expect(JSON.stringify(result)).not.toContain(outside);
    const forged = await core.executor.run(`try { await files.read({ path: 'sb-file:0123456789abcdef01234567' }); } catch (e) { return e.code; }`, {
      roots: [root],
      attachments: [outside],
    });
    expect(forged.value).toBe('PERMISSION_DENIED');
  });

  it('names an attachment as the person sees it in errors, never by its real path (issue 18)', async () => {
    const outside = join(root, '..', 'secret-folder', 'report.txt');
    await mkdir(dirname(outside), { recursive: true });
    await writeFile(outside, 'attached text');
    // Writing to an attachment is outside the granted folders: the pack's error names the real path.
    const result = await core.executor.run(`const a = attachments[0];\nawait files.write({ path: a.handle, text: 'x' });`, {
      roots: [root],
      attachments: [outside],
    });
    expect(result.status).toBe('failed');
    expect(result.error?.message).toContain('"report.txt" (attached)');
    expect(JSON.stringify(result)).not.toContain('secret-folder');
    const gone = await core.executor.run('return 1;', { roots: [root], attachments: [join(dirname(outside), 'gone.txt')] });
    expect(gone.error?.message).toBe('the attachment "gone.txt" no longer exists; attach it again');
  });
});

describe('approvals', () => {
  const program = `const a = await files.notify({ to: 'ann', message: 'one' });\nconst b = await files.notify({ to: 'bob', message: 'two' });\nreturn [a.sent, b.sent];`;

  it('asks every time when approved once, with the exact call', async () => {
    const a = approver('once');
    const result = await core.executor.run(program, { roots: [root], onEvent: a.onEvent });
    expect(result.value).toEqual([true, true]);
    expect(a.asked()).toBe(2);
    const request = a.events.find((e) => e.type === 'run.approval.requested');
    expect(request).toMatchObject({ api: 'files.notify', effects: 'external', args: { to: 'ann', message: 'one' } });
  });

  it('asks once when allowed for the run', async () => {
    const a = approver('run');
    expect((await core.executor.run(program, { roots: [root], onEvent: a.onEvent })).value).toEqual([true, true]);
    expect(a.asked()).toBe(1);
  });

  it('returns DENIED into the program on a denial; uncaught it ends the run as denied', async () => {
    const caught = await core.executor.run(`try { await files.notify({ to: 'x', message: 'y' }); } catch (e) { return e.code; }`, {
      roots: [root],
      onEvent: approver('deny').onEvent,
    });
    expect(caught).toMatchObject({ status: 'completed', value: 'DENIED' });
    const uncaught = await core.executor.run(program, { roots: [root], onEvent: approver('deny').onEvent });
    expect(uncaught).toMatchObject({ status: 'denied', error: { code: 'DENIED' } });
  });

  it('persists "allow always", and asks again after it is revoked', async () => {
    const first = approver('always');
    await core.executor.run(program, { roots: [root], onEvent: first.onEvent });
    expect(first.asked()).toBe(1);
    const client = createLocalClient(core);
    try {
      expect(await client.request('approvals.list', {})).toEqual({ ok: true, value: { always: ['files.notify'] } });
      const second = approver('deny');
      expect((await core.executor.run(program, { roots: [root], onEvent: second.onEvent })).status).toBe('completed');
      expect(second.asked()).toBe(0);
      expect(await client.request('approvals.revoke', { api: 'files.notify' })).toEqual({ ok: true, value: { always: [] } });
      const third = approver('deny');
      expect((await core.executor.run(program, { roots: [root], onEvent: third.onEvent })).status).toBe('denied');
      expect(third.asked()).toBe(1);
    } finally {
      await client.close();
    }
  });

  it('excludes the time spent waiting for a person from the wall-time limit', async () => {
    const onEvent = (event: RunEvent) => {
      if (event.type === 'run.approval.requested') setTimeout(() => core.executor.approve(event.runId, event.requestId, 'once'), 600);
    };
    const result = await core.executor.run(`return (await files.notify({ to: 'a', message: 'b' })).sent;`, { roots: [root], onEvent, limits: { wallMs: 400 } });
    expect(result).toMatchObject({ status: 'completed', value: true });
  });

  it('cancels a run waiting for approval through its AbortSignal', async () => {
    const controller = new AbortController();
    const onEvent = (event: RunEvent) => {
      if (event.type === 'run.approval.requested') controller.abort();
    };
    const result = await core.executor.run(`await files.notify({ to: 'a', message: 'b' });\nreturn 1;`, { roots: [root], onEvent, signal: controller.signal });
    expect(result.status).toBe('cancelled');
  });
});

describe('the run.* routes', () => {
  it('starts a run, streams its events to a subscribed client, takes an approval and applies', async () => {
    const client = createLocalClient(core);
    const seen: string[] = [];
    const finished = new Promise<unknown>((resolve) => {
      client.on('run.finished', (payload) => resolve(payload));
    });
    client.on('run.api.called', (p) => void seen.push(`called ${p.api}`));
    client.on('run.approval.requested', (p) => {
      seen.push(`approval ${p.api}`);
      void client.request('run.approve', { runId: p.runId, requestId: p.requestId, decision: 'once' });
    });
    try {
      await writeFile(join(root, 'doomed.txt'), 'bye');
      const before = await hashTree(root);
      // Only granted folders (issue 18): refused, with the reason, until the folder is granted.
      const refused = await client.request('run.start', { program: 'return 1;', roots: [root] });
      expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('no folder is granted') } });
      expect(await client.request('workspace.folders.add', { path: root })).toMatchObject({ ok: true });
      expect(await client.request('run.start', { program: 'return 1;', roots: [join(root, '..')] })).toMatchObject({
        ok: false,
        error: { message: expect.stringContaining('is not a granted folder or inside one') },
      });
      const started = await client.request('run.start', { program: `await files.remove({ path: 'doomed.txt' });\nreturn 'ok';`, roots: [root] });
      expect(started.ok).toBe(true);
      const runId = started.ok ? started.value.runId : '';
      expect(await finished).toMatchObject({ runId, status: 'completed', value: 'ok', artifacts: [{ action: 'delete' }] });
      expect(seen).toEqual(['called files.remove', 'approval files.remove']);
      expect(await hashTree(root)).toEqual(before);
      expect(await client.request('run.apply', { runId })).toMatchObject({ ok: true, value: { state: 'applied' } });
      await expect(readFile(join(root, 'doomed.txt'))).rejects.toThrow();
      expect(await client.request('run.undo', { runId })).toMatchObject({ ok: true, value: { state: 'undone' } });
      expect(await readFile(join(root, 'doomed.txt'), 'utf8')).toBe('bye');
      expect(await client.request('run.cancel', { runId })).toEqual({ ok: true, value: { runId, cancelled: false } });
      expect((await client.request('run.discard', { runId })).ok).toBe(false);
    } finally {
      await client.close();
    }
  });
});
