import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StagedEntry } from '../../../apis/sdk';
import { ApplyJournal } from './apply-journal';

let dir: string;
let root: string;
let staging: string;
let journal: ApplyJournal;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchboard-journal-'));
  root = join(dir, 'root');
  staging = join(dir, 'staging');
  await mkdir(root);
  await mkdir(staging);
  journal = new ApplyJournal(join(dir, 'undo'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function stage(name: string, bytes: Uint8Array | string): Promise<StagedEntry> {
  const stagedPath = join(staging, name);
  await writeFile(stagedPath, bytes);
  return { target: join(root, name), kind: 'other', action: 'write', stagedPath };
}

describe('ApplyJournal', () => {
  it('applies writes and deletions, and undo restores the old bytes exactly', async () => {
    const oldBytes = randomBytes(4096);
    await writeFile(join(root, 'keep.bin'), oldBytes);
    await writeFile(join(root, 'gone.txt'), 'to delete');
    const entries = [
      await stage('keep.bin', randomBytes(100)),
      await stage('new.txt', 'brand new'),
      { target: join(root, 'gone.txt'), kind: 'other' as const, action: 'delete' as const },
    ];
    const applied = await journal.apply('r1', entries);
    expect(applied.state).toBe('applied');
    expect(await readFile(join(root, 'new.txt'), 'utf8')).toBe('brand new');
    await expect(readFile(join(root, 'gone.txt'))).rejects.toThrow();
    const undone = await journal.undo('r1');
    expect(undone.state).toBe('undone');
    expect((await readFile(join(root, 'keep.bin'))).equals(oldBytes)).toBe(true);
    expect(await readFile(join(root, 'gone.txt'), 'utf8')).toBe('to delete');
    await expect(readFile(join(root, 'new.txt'))).rejects.toThrow();
    await expect(journal.undo('r1')).rejects.toThrow(/nothing applied/);
  });

  it('refuses to undo over changes made after Apply', async () => {
    await journal.apply('r2', [await stage('a.txt', 'applied')]);
    await writeFile(join(root, 'a.txt'), 'edited by the person');
    await expect(journal.undo('r2')).rejects.toThrow(/changed after Apply/);
    expect(await readFile(join(root, 'a.txt'), 'utf8')).toBe('edited by the person');
  });

  it('refuses to apply twice', async () => {
    const entry = await stage('a.txt', 'x');
    await journal.apply('r3', [entry]);
    await expect(journal.apply('r3', [entry])).rejects.toThrow(/already applied/);
  });

  it('rolls back everything when a step fails midway', async () => {
    await writeFile(join(root, 'one.txt'), 'old one');
    const entries = [
      await stage('one.txt', 'new one'),
      { target: join(root, 'two.txt'), kind: 'other' as const, action: 'write' as const, stagedPath: join(staging, 'two.txt') },
    ];
    await writeFile(join(staging, 'two.txt'), 'new two');
    let count = 0;
    await expect(
      journal.apply('r4', entries, (step) => {
        if (step.startsWith('placed') && ++count === 1) throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(await readFile(join(root, 'one.txt'), 'utf8')).toBe('old one');
    await expect(readFile(join(root, 'two.txt'))).rejects.toThrow();
    expect((await journal.read('r4'))?.state).toBe('rolled-back');
  });

  it('recovers a journal left prepared by a crash by rolling it back, and keeps the kept copy independent of restored files', async () => {
    await writeFile(join(root, 'a.txt'), 'old');
    const crash = new Error('crash');
    await expect(
      journal.apply('r5', [await stage('a.txt', 'new'), await stage('b.txt', 'new b')], (step) => {
        if (step === 'placed ' + join(root, 'b.txt')) {
          // Simulate a crash: leave the journal in `prepared` by escaping before the rollback can run.
          throw crash;
        }
      }),
    ).rejects.toBe(crash);
    // The rollback ran in-process; simulate an interrupted one by rewriting the state and re-placing a file.
    const record = (await journal.read('r5'))!;
    await writeFile(join(root, 'a.txt'), 'new');
    await writeFile(join(dir, 'undo', 'r5', 'journal.json'), JSON.stringify({ ...record, state: 'prepared' }));
    expect(await journal.recover()).toEqual({ rolledBack: ['r5'], undone: [], quarantined: [] });
    expect(await readFile(join(root, 'a.txt'), 'utf8')).toBe('old');
    await expect(readFile(join(root, 'b.txt'))).rejects.toThrow();
  });

  it('refuses a target whose folder became a link after staging', async () => {
    const elsewhere = join(dir, 'elsewhere');
    await mkdir(elsewhere);
    await symlink(elsewhere, join(root, 'sub'));
    const stagedPath = join(staging, 'x.txt');
    await writeFile(stagedPath, 'x');
    await expect(journal.apply('r6', [{ target: join(root, 'sub', 'x.txt'), kind: 'other', action: 'write', stagedPath }])).rejects.toThrow(/link/);
    await expect(readFile(join(elsewhere, 'x.txt'))).rejects.toThrow();
  });
});
