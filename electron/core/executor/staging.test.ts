import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../apis/sdk';
import { RunStaging } from './staging';

async function setup() {
  const base = await mkdtemp(join(tmpdir(), 'staging-test-'));
  const root = join(base, 'root');
  const outside = join(base, 'outside');
  await mkdir(root);
  await mkdir(outside);
  await writeFile(join(root, 'a.txt'), 'real');
  await writeFile(join(outside, 'secret.txt'), 'secret');
  const staging = await RunStaging.create({ dir: join(base, 'staging'), roots: [root] });
  return { base, root, outside, staging };
}

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof ApiError ? error.code : `not an ApiError: ${String(error)}`;
  }
  return 'resolved';
}

describe('RunStaging', () => {
  it('resolves relative paths against the first root and refuses escapes', async () => {
    const { root, outside, staging } = await setup();
    expect(await staging.resolve('a.txt')).toBe(join(root, 'a.txt'));
    expect(await staging.resolve('new/deep/b.txt')).toBe(join(root, 'new/deep/b.txt'));
    expect(await code(staging.resolve('../outside/secret.txt'))).toBe('PERMISSION_DENIED');
    expect(await code(staging.resolve(join(outside, 'secret.txt')))).toBe('PERMISSION_DENIED');
    expect(await code(staging.resolve(''))).toBe('INVALID_ARGUMENTS');
  });

  it('refuses symlinks that lead out of the root, dangling or not', async () => {
    const { root, outside, staging } = await setup();
    await symlink(outside, join(root, 'link'));
    await symlink(join(outside, 'missing.txt'), join(root, 'dangling.txt'));
    expect(await code(staging.resolve('link/secret.txt'))).toBe('PERMISSION_DENIED');
    expect(await code(staging.stageFile('link/new.txt', 'other'))).toBe('PERMISSION_DENIED');
    expect(await code(staging.stageFile('dangling.txt', 'other'))).toBe('PERMISSION_DENIED');
  });

  it('reads the staged version after a write, and never writes the real target', async () => {
    const { root, staging } = await setup();
    expect(await staging.readPath('a.txt')).toBe(join(root, 'a.txt'));
    const staged = await staging.stageFile('a.txt', 'other');
    expect(staged.startsWith(staging.dir)).toBe(true);
    await writeFile(staged, 'staged');
    expect(await staging.readPath('a.txt')).toBe(staged);
    expect(await staging.stageFile('a.txt', 'other')).toBe(staged);
    expect(await readFile(join(root, 'a.txt'), 'utf8')).toBe('real');
    expect(staging.entries()).toEqual([{ target: join(root, 'a.txt'), kind: 'other', action: 'write', stagedPath: staged }]);
  });

  it('records deletions, and a deleted file reads as missing', async () => {
    const { root, staging } = await setup();
    expect(await code(staging.stageDelete('missing.txt'))).toBe('NOT_FOUND');
    await staging.stageDelete('a.txt');
    expect(await code(staging.readPath('a.txt'))).toBe('NOT_FOUND');
    expect(staging.entries()).toEqual([{ target: join(root, 'a.txt'), kind: 'other', action: 'delete' }]);
    const staged = await staging.stageFile('a.txt', 'other');
    expect(staging.entries()).toEqual([{ target: join(root, 'a.txt'), kind: 'other', action: 'write', stagedPath: staged }]);
  });

  it('drops a staged new file that is deleted again in the same run', async () => {
    const { staging } = await setup();
    const staged = await staging.stageFile('fresh.xlsx', 'xlsx');
    await writeFile(staged, 'x');
    await staging.stageDelete('fresh.xlsx');
    expect(staging.entries()).toEqual([]);
  });

  it('keeps each run within its staging quota of files and bytes, and freezes sizes and hashes', async () => {
    const base = await mkdtemp(join(tmpdir(), 'staging-quota-'));
    const root = join(base, 'root');
    await mkdir(root);
    const staging = await RunStaging.create({ dir: join(base, 'staging'), roots: [root], quota: { bytes: 10_000, files: 20 } });
    for (let i = 0; i < 8; i++) await writeFile(await staging.stageFile(`f${i}.bin`, 'other'), Buffer.alloc(2000, i));
    await expect(staging.stageFile('f8.bin', 'other')).rejects.toThrow(/staged 16000 bytes; the staging quota is 10000/);
    const small = await RunStaging.create({ dir: join(base, 'staging2'), roots: [root], quota: { bytes: 1e9, files: 3 } });
    for (let i = 0; i < 3; i++) await writeFile(await small.stageFile(`g${i}.txt`, 'other'), 'x');
    expect(await code(small.stageFile('g3.txt', 'other'))).toBe('TOO_LARGE');
    const frozen = await small.freeze();
    expect(frozen.map((e) => e.stagedSize)).toEqual([1, 1, 1]);
    expect(frozen[0]!.stagedHash).toBe('2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881');
    expect(await code(small.stageDelete('g0.txt'))).toBe('PERMISSION_DENIED');
  });

  it('refuses a root inside an excluded folder and any path into one inside a wider root', async () => {
    const { base, root } = await setup();
    const data = join(root, '.switchboard');
    await mkdir(data);
    await writeFile(join(data, 'secrets.json'), '{}');
    const staging = await RunStaging.create({ dir: join(base, 'staging3'), roots: [root], excluded: [data] });
    expect(await code(staging.resolve('.switchboard/secrets.json'))).toBe('PERMISSION_DENIED');
    expect(await code(staging.resolve(join(data, 'approvals.json')))).toBe('PERMISSION_DENIED');
    expect(await code(staging.stageFile('.switchboard/approvals.json', 'other'))).toBe('PERMISSION_DENIED');
    expect(await staging.resolve('a.txt')).toBe(join(root, 'a.txt'));
    expect(staging.isExcluded(join(data, 'x'))).toBe(true);
    await expect(RunStaging.create({ dir: join(base, 'staging4'), roots: [data], excluded: [data] })).rejects.toThrow(/inside Switchboard's data folder/);
  });
});
