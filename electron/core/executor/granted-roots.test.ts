import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGrantedRoots } from './granted-roots';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'granted-roots-'));
  await mkdir(join(dir, 'granted', 'sub'), { recursive: true });
  await mkdir(join(dir, 'granted-not'), { recursive: true });
  await mkdir(join(dir, 'secret'), { recursive: true });
  await symlink(join(dir, 'secret'), join(dir, 'granted', 'escape'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// Issue 18: run.start accepted any roots, not only the granted folders.
describe('checkGrantedRoots', () => {
  it('accepts a granted folder and folders inside it', async () => {
    await expect(checkGrantedRoots([join(dir, 'granted'), join(dir, 'granted', 'sub')], [join(dir, 'granted')])).resolves.toBeUndefined();
    await expect(checkGrantedRoots([], [])).resolves.toBeUndefined();
  });

  it.each([
    ['a folder outside every grant', () => join(dir, 'secret'), /is not a granted folder or inside one/],
    ['a sibling whose name starts like the grant', () => join(dir, 'granted-not'), /is not a granted folder or inside one/],
    ['a parent of the grant', () => dir, /is not a granted folder or inside one/],
    ['a symlink in the grant that leads out', () => join(dir, 'granted', 'escape'), /is not a granted folder or inside one/],
    ['a .. path that leaves the grant', () => join(dir, 'granted', '..', 'secret'), /is not a granted folder or inside one/],
    ['the file system root', () => '/', /is not a granted folder or inside one/],
    ['a relative path', () => 'granted', /is not a full path/],
    ['a folder that does not exist', () => join(dir, 'granted', 'missing'), /does not exist/],
  ])('refuses %s with a clear error', async (_name, root, message) => {
    await expect(checkGrantedRoots([root()], [join(dir, 'granted')])).rejects.toThrow(message);
  });

  it('refuses every root when nothing is granted, saying how to grant one', async () => {
    await expect(checkGrantedRoots([join(dir, 'granted')], [])).rejects.toThrow(/no folder is granted; add it under Settings → Folders/);
  });
});
