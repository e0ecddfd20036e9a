// Issue 18's unclear-error items at Apply: errors name the file the person knows, roll-back and Undo leave
// no folders behind, edits made after staging are not overwritten, two Applies of one file: one `ok`.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashTree } from '../../../test/helpers/executor';
import { ApplyJournal, type FrozenEntry } from './apply-journal';
import { RunStaging } from './staging';

let dir: string;
let root: string;
let journal: ApplyJournal;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchboard-apply-errors-'));
  root = join(dir, 'root');
  await mkdir(root);
  journal = new ApplyJournal(join(dir, 'undo'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Stages `files` (path under root → text) through a real RunStaging and freezes it, as a run's end does. */
async function staged(runId: string, files: Record<string, string>): Promise<FrozenEntry[]> {
  const staging = await RunStaging.create({ dir: join(dir, 'staging', runId), roots: [root], readable: [] });
  for (const [path, text] of Object.entries(files)) await writeFile(await staging.stageFile(join(root, path), 'other'), text);
  return staging.freeze();
}

describe('Apply: clear errors, nothing left behind', () => {
  it('a write that cannot be placed names the target, not the staging or temporary path, and changes nothing', async () => {
    await writeFile(join(root, 'report.txt'), 'a file, not a folder');
    const entries = await staged('r1', { 'ok/one.txt': '1', 'new/deep/two.txt': '2' });
    // After staging, a file appears where a folder of the second target should be.
    await mkdir(join(root, 'new'));
    await writeFile(join(root, 'new', 'deep'), 'in the way');
    const before = await hashTree(root);
    const error = await journal.apply('r1', entries).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      `${join(root, 'new', 'deep', 'two.txt')}: ${join(root, 'new', 'deep')} is not a folder; cannot place a file under it`,
    );
    expect((error as Error).message).not.toMatch(/staging|\.tmp|sb-/);
    // Rolled back: the folder Apply created for the first target is gone too.
    expect(await hashTree(root)).toEqual(before);
  });

  it('roll-back and Undo remove the folders Apply created, and keep folders that were there or got a file since', async () => {
    await mkdir(join(root, 'kept'));
    const entries = await staged('r2', { 'a/b/c/one.txt': '1', 'a/b/two.txt': '2', 'kept/three.txt': '3', 'x/y/four.txt': '4' });
    const before = await hashTree(root);
    await journal.apply('r2', entries);
    expect(await readFile(join(root, 'a/b/c/one.txt'), 'utf8')).toBe('1');
    await writeFile(join(root, 'x', 'mine.txt'), 'the person saved this here');
    await journal.undo('r2');
    expect(await hashTree(root)).toEqual({ ...before, 'x/': 'dir', 'x/mine.txt': expect.any(String) });
    expect(await readdir(root)).toEqual(expect.arrayContaining(['kept', 'x']));
  });

  it.each([
    [
      'edited',
      async (target: string) => writeFile(target, 'the person edited this after the run'),
      /notes\.txt was changed after the run staged its new version; Apply would overwrite that/,
    ],
    ['created', async (target: string) => writeFile(target, 'made by someone else'), /notes\.txt was created after the run staged its new version/],
    ['deleted', async (target: string) => rm(target), /notes\.txt was deleted after the run staged its new version/],
  ])('refuses when the target was %s after staging, and changes nothing', async (what, change, message) => {
    const target = join(root, 'notes.txt');
    if (what !== 'created') await writeFile(target, 'original');
    const entries = await staged('r3', { 'notes.txt': 'from the run' });
    await change(target);
    const before = await hashTree(root);
    await expect(journal.apply('r3', entries)).rejects.toThrow(message);
    expect(await hashTree(root)).toEqual(before);
    expect((await journal.read('r3'))?.state).not.toBe('applied');
  });

  it('two Applies of a one-file run at once: exactly one is ok, the other refused as already applied', async () => {
    const entries = await staged('r4', { 'one.txt': 'only file' });
    const results = await Promise.allSettled([journal.apply('r4', entries), journal.apply('r4', entries)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(String(refused?.reason)).toMatch(/already applied/);
    expect(await readFile(join(root, 'one.txt'), 'utf8')).toBe('only file');
    await journal.undo('r4');
    expect(await readdir(root)).toEqual([]);
  });
});
