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
});
