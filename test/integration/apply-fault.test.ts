import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StagedEntry } from '../../apis/sdk';
import { ApplyJournal } from '../../electron/core/executor/apply-journal';

const ROUNDS = 100;
const FILES = 8;
let work: string;
let child: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'switchboard-fault-'));
  child = join(work, 'apply-child.mjs');
  // Bundled once so each of the many child processes starts in plain Node within milliseconds.
  await build({
    entryPoints: [fileURLToPath(new URL('../fixtures/executor/apply-child.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: child,
    logLevel: 'silent',
  });
});
afterAll(() => rm(work, { recursive: true, force: true }));

const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const hashOf = (path: string) => readFile(path).then(sha, () => 'absent');

/** A round's world: a root with old files, a staging folder with new ones, a deletion. */
async function setUp(round: number) {
  const dir = join(work, `r${round}`);
  const root = join(dir, 'root');
  const staging = join(dir, 'staging');
  await mkdir(root, { recursive: true });
  await mkdir(staging, { recursive: true });
  const entries: StagedEntry[] = [];
  const oldHash: Record<string, string> = {};
  const newHash: Record<string, string> = {};
  for (let i = 0; i < FILES; i++) {
    const target = join(root, `f${i}.bin`);
    if (i % 3 !== 0) {
      const old = randomBytes(2000 + i);
      await writeFile(target, old);
      oldHash[target] = sha(old);
    } else oldHash[target] = 'absent';
    if (i === FILES - 1) {
      entries.push({ target, kind: 'other', action: 'delete' });
      newHash[target] = 'absent';
    } else {
      const bytes = randomBytes(3000 + i);
      const stagedPath = join(staging, `f${i}.bin`);
      await writeFile(stagedPath, bytes);
      entries.push({ target, kind: 'other', action: 'write', stagedPath });
      newHash[target] = sha(bytes);
    }
  }
  const entriesFile = join(dir, 'entries.json');
  await writeFile(entriesFile, JSON.stringify(entries));
  return { dir, root, entriesFile, oldHash, newHash, undoDir: join(dir, 'undo') };
}

/** Runs the child; kills it with SIGKILL `killAfterMs` after it starts applying, unless it finished first. */
function applyInChild(args: string[], killAfterMs: number): Promise<{ finished: boolean; ms: number }> {
  return new Promise((resolve, reject) => {
    let started = performance.now();
    const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!timer && out.includes('ready')) {
        started = performance.now();
        timer = setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
      }
    });
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0 && signal !== 'SIGKILL') reject(new Error(`apply child failed: ${err}`));
      else resolve({ finished: out.includes('applied'), ms: performance.now() - started });
    });
  });
}

describe('Apply under SIGKILL', () => {
  it(`leaves every target wholly old or wholly new after recovery, ${ROUNDS} random kills, and Undo still works`, async () => {
    // Calibrate: how long one whole Apply takes once the child is ready, so kills land across all of it.
    const probe = await setUp(-1);
    const full = await applyInChild([probe.undoDir, 'run-probe', probe.entriesFile, '2'], 60_000);
    expect(full.finished).toBe(true);
    const counts = { untouched: 0, rolledBack: 0, applied: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const world = await setUp(round);
      const runId = `run-${round}`;
      await applyInChild([world.undoDir, runId, world.entriesFile, '2'], Math.random() * full.ms * 0.9);
      const journal = new ApplyJournal(world.undoDir);
      const stateBefore = (await journal.read(runId))?.state;
      await journal.recover();
      const state = (await journal.read(runId))?.state;
      const hashes = Object.fromEntries(await Promise.all(Object.keys(world.oldHash).map(async (t) => [t, await hashOf(t)] as const)));
      if (state === 'applied') {
        counts.applied += 1;
        expect(hashes, `round ${round}: applied means all new`).toEqual(world.newHash);
        await journal.undo(runId);
        const undone = Object.fromEntries(await Promise.all(Object.keys(world.oldHash).map(async (t) => [t, await hashOf(t)] as const)));
        expect(undone, `round ${round}: undo restores all old`).toEqual(world.oldHash);
      } else {
        if (stateBefore === 'prepared') counts.rolledBack += 1;
        else counts.untouched += 1;
        expect(hashes, `round ${round}: not applied means all old (journal ${stateBefore ?? 'none'})`).toEqual(world.oldHash);
      }
      // No stray temporary files beside the targets.
      expect((await readdir(world.root)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
      await rm(world.dir, { recursive: true, force: true });
    }
    process.stderr.write(`apply fault harness: ${JSON.stringify(counts)} (one apply ${full.ms.toFixed(0)} ms)\n`);
    expect(counts.untouched + counts.rolledBack + counts.applied).toBe(ROUNDS);
    // Kills land across the whole Apply, so some must interrupt it in progress.
    expect(counts.rolledBack).toBeGreaterThan(0);
  }, 120_000);
});
