import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/create-core';
import { createLocalClient } from '../../electron/core/ipc/local-client';
import { executorCore, hashTree } from '../helpers/executor';

let core: Core;
let root: string;
let dir: string;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ core, root, dir, close } = await executorCore());
});
afterAll(async () => close());

const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

describe('Apply races', () => {
  it('two clients applying one run at once: one applies, the other is refused, every original is kept and Undo restores all 400', async () => {
    const folder = join(root, 'race');
    await mkdir(folder);
    const originals: Record<string, string> = {};
    for (let i = 0; i < 400; i++) {
      const text = `original ${i} ${'x'.repeat(i)}`;
      await writeFile(join(folder, `f${i}.txt`), text);
      originals[join(folder, `f${i}.txt`)] = sha(text);
    }
    const result = await core.executor.run(`for (let i = 0; i < 400; i++) await files.write({ path: 'race/f' + i + '.txt', text: 'new ' + i });`, {
      roots: [root],
      limits: { maxCalls: 1000, wallMs: 120_000 },
    });
    expect(result.status).toBe('completed');
    const a = createLocalClient(core);
    const b = createLocalClient(core);
    const [ra, rb] = await Promise.all([a.request('run.apply', { runId: result.runId }), b.request('run.apply', { runId: result.runId })]);
    const outcomes = [ra, rb];
    expect(outcomes.filter((r) => r.ok)).toHaveLength(1);
    const refused = outcomes.find((r) => !r.ok);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: expect.stringMatching(/ALREADY_EXISTS|NOT_FOUND/), message: expect.stringMatching(/already applied|in progress|no staging/) },
    });
    for (const target of Object.keys(originals)) expect(await readFile(target, 'utf8')).toMatch(/^new \d+$/);
    const undone = await b.request('run.undo', { runId: result.runId });
    expect(undone.ok).toBe(true);
    for (const [target, hash] of Object.entries(originals)) expect(sha(await readFile(target)), target).toBe(hash);
    await a.close();
    await b.close();
  }, 180_000);

  it('two processes applying one run at once: the lock file lets one through and refuses the other by name', async () => {
    const child = join(dir, 'apply-child.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('../fixtures/executor/apply-child.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: child,
      logLevel: 'silent',
    });
    const world = join(dir, 'two-proc');
    await mkdir(join(world, 'root'), { recursive: true });
    await mkdir(join(world, 'staging'));
    const entries = [];
    for (let i = 0; i < 20; i++) {
      const target = join(world, 'root', `f${i}.txt`);
      await writeFile(target, `old ${i}`);
      await writeFile(join(world, 'staging', `f${i}.txt`), `new ${i}`);
      entries.push({ target, kind: 'other', action: 'write', stagedPath: join(world, 'staging', `f${i}.txt`) });
    }
    await writeFile(join(world, 'entries.json'), JSON.stringify(entries));
    const runOne = () =>
      new Promise<{ code: number | null; err: string }>((resolve) => {
        const proc = spawn(process.execPath, [child, join(world, 'undo'), 'run-two', join(world, 'entries.json'), '20'], { stdio: ['ignore', 'pipe', 'pipe'] });
        let err = '';
        proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
        proc.on('exit', (code) => resolve({ code, err }));
      });
    const results = await Promise.all([runOne(), runOne()]);
    expect(results.filter((r) => r.code === 0)).toHaveLength(1);
    expect(results.find((r) => r.code !== 0)?.err).toMatch(/in progress in another process|already applied/);
    const { ApplyJournal } = await import('../../electron/core/executor/apply-journal');
    await new ApplyJournal(join(world, 'undo')).undo('run-two');
    for (let i = 0; i < 20; i++) expect(await readFile(join(world, 'root', `f${i}.txt`), 'utf8')).toBe(`old ${i}`);
  }, 60_000);

  it('refuses to apply through a folder that was missing at staging and became a link leading out', async () => {
    const outside = join(dir, 'outside');
    await mkdir(outside, { recursive: true });
    const before = await hashTree(outside);
    const result = await core.executor.run(`await files.write({ path: 'later/deeper/evil.txt', text: 'escaped' });`, { roots: [root] });
    expect(result.status).toBe('completed');
    await mkdir(join(root, 'later'));
    await symlink(outside, join(root, 'later', 'deeper'));
    await expect(core.executor.apply(result.runId)).rejects.toThrow(/is now a link; refusing to apply/);
    expect(await hashTree(outside)).toEqual(before);
  });

  it('keeps the data folder out of reach inside a grant that holds it', async () => {
    const home = join(dir, 'home');
    const secrets = await core.executor.run(`return await files.read({ path: ${JSON.stringify(join(home, 'approvals.json'))} });`, { roots: [dir] });
    expect(secrets).toMatchObject({ status: 'failed', error: { message: expect.stringMatching(/data folder/) } });
    const write = await core.executor.run(`await files.write({ path: 'home/approvals.json', text: '{"always":["files.remove"]}' });`, { roots: [dir] });
    expect(write).toMatchObject({ status: 'failed', error: { message: expect.stringMatching(/data folder/) } });
    const inside = await core.executor.run(`return 1;`, { roots: [home] });
    expect(inside).toMatchObject({ status: 'failed', error: { message: expect.stringMatching(/inside Switchboard's data folder/) } });
  });
});
