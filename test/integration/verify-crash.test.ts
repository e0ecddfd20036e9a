import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/create-core';
import { exponentialSpreads } from '../helpers/hostile-programs';
import { executorCore } from '../helpers/executor';
import { tempHome } from '../helpers/temp-home';
import { createLocalClient } from '../../electron/core/ipc/local-client';

const fixture = fileURLToPath(new URL('../fixtures/verify-crash-core.ts', import.meta.url));
// Cores and checker processes start here: seconds each on a busy machine.
const SLOW = 240_000;

/** True while `pid` runs (a zombie waiting for a reaper has stopped running). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (check()) return true;
  return check();
}

describe('a run whose program cannot be checked', { timeout: SLOW }, () => {
  it('ends failed with a sentence when the check passes the time limit, and the core goes on', async () => {
    const { core, close } = await executorCore();
    try {
      await core.settings.set({ executor: { verifySeconds: 2 } });
      const result = await core.executor.run(exponentialSpreads(16));
      expect(result).toMatchObject({
        status: 'failed',
        error: { code: 'VERIFY_LIMIT', message: expect.stringMatching(/^the program could not be checked within 2 s/) },
      });
      expect(result.diagnostics?.[0]).toMatchObject({ kind: 'limit', line: 1 });
      const client = createLocalClient(core);
      expect(await client.request('run.get', { runId: result.runId })).toMatchObject({ ok: true, value: { status: 'failed' } });
      await core.settings.set({ executor: { verifySeconds: 60 } });
      expect(await core.executor.run("log('still here'); return 1;")).toMatchObject({ status: 'completed', value: 1 });
    } finally {
      await close();
    }
  });
});

describe('kill -9 of the checker during a run', { timeout: SLOW }, () => {
  it('ends that run failed with a sentence (never running), the record says so, and the next run gets a fresh checker', async () => {
    const { core, close } = await executorCore();
    try {
      expect(await core.executor.run('return 1;')).toMatchObject({ status: 'completed' });
      const { runId, done } = core.executor.startRun(exponentialSpreads(16));
      const checker = await new Promise<number>((resolve) => {
        const timer = setInterval(() => {
          const pid = core.executor.verifierPid;
          if (pid === undefined || !alive(pid)) return;
          clearInterval(timer);
          resolve(pid);
        }, 50);
      });
      // Let the check get under way, then kill the checker outright.
      await new Promise((r) => setTimeout(r, 500));
      process.kill(checker, 'SIGKILL');
      const result = await done;
      expect(result).toMatchObject({ runId, status: 'failed', error: { message: expect.stringMatching(/checker stopped \(signal SIGKILL\)/) } });
      const client = createLocalClient(core);
      expect(await client.request('run.get', { runId })).toMatchObject({ ok: true, value: { status: 'failed' } });
      await client.close();
      expect(await core.executor.run("log('again'); return 2;")).toMatchObject({ status: 'completed', value: 2 });
      expect(core.executor.verifierPid).not.toBe(checker);
    } finally {
      await close();
    }
  });
});

describe('kill -9 of the core during verification', { timeout: SLOW }, () => {
  let home: Awaited<ReturnType<typeof tempHome>>;
  beforeEach(async () => {
    home = await tempHome();
  });
  afterEach(() => home.cleanup());

  it('takes its checker down with it, and the next start closes the run as failed, not running', async () => {
    // `--import tsx` keeps the core one process (the tsx CLI would run it in a grandchild SIGKILL misses).
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, home.dir, exponentialSpreads(16)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [runId, checker] = await new Promise<[string, number]>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /verifying (\S+) (\d+)/.exec(out);
        if (match) resolve([match[1]!, Number(match[2])]);
      });
      child.on('exit', (code) => reject(new Error(`the core exited ${code} before verifying: ${stderr}`)));
    });
    expect(alive(checker)).toBe(true);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    // The checker's watchdog sees its parent gone and ends it (it is busy checking and cannot hear the channel close).
    expect(await until(() => !alive(checker), 10_000)).toBe(true);

    const core = await createCore({ host: 'test', home: home.dir, env: {}, appVersion: '0.0.0-test', logSinks: [] });
    try {
      const client = createLocalClient(core);
      const record = await client.request('run.get', { runId });
      expect(record).toMatchObject({
        ok: true,
        value: { runId, status: 'failed', error: { code: 'INTERRUPTED', message: expect.stringMatching(/stopped while this run was under way/) } },
      });
      const list = await client.request('runs.list', { limit: 50 });
      expect(list).toMatchObject({ ok: true, value: [{ runId, status: 'failed' }] });
      expect(await core.executor.run('return 2;')).toMatchObject({ status: 'completed', value: 2 });
    } finally {
      await core.dispose();
    }
    // A second start finds nothing more to close.
    const again = await createCore({ host: 'test', home: home.dir, env: {}, appVersion: '0.0.0-test', logSinks: [] });
    await again.dispose();
  });
});
