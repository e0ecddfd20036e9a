import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../test/helpers/temp-home';
import { resolveStaticFile } from './static-files';

let home: Awaited<ReturnType<typeof tempHome>>;
let root: string;
beforeEach(async () => {
  home = await tempHome();
  root = join(home.dir, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<html></html>');
  await writeFile(join(root, 'assets', 'app.js'), '');
  await writeFile(join(home.dir, 'secret.txt'), 'secret');
  await symlink(join(home.dir, 'secret.txt'), join(root, 'leak.txt'));
});
afterEach(() => home.cleanup());

describe('resolveStaticFile', () => {
  it('serves index.html for / and files inside the root', async () => {
    expect(await resolveStaticFile(root, '/')).toBe(join(root, 'index.html'));
    expect(await resolveStaticFile(root, '/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets%5c..%5c..%5csecret.txt',
    '/leak.txt',
    '/%00',
    '/%E0%A4%A',
    '/assets',
    '/missing.js',
  ])('refuses %s', async (path) => {
    expect(await resolveStaticFile(root, path)).toBeUndefined();
  });
});
