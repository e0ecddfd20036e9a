import { execFile } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Copies a fixture pack into `workDir`, optionally changes its package.json, and makes a real tarball
 * with `npm pack`. Returns the .tgz path.
 */
export async function npmPack(fixture: string, workDir: string, edit?: (pkg: Record<string, unknown>) => void): Promise<string> {
  const copy = join(workDir, `src-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  await cp(fixture, copy, { recursive: true });
  if (edit) {
    const file = join(copy, 'package.json');
    const pkg = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    edit(pkg);
    await writeFile(file, JSON.stringify(pkg, null, 2));
  }
  const { stdout } = await run('npm', ['pack', '--pack-destination', workDir, '--silent'], { cwd: copy });
  return join(workDir, stdout.trim().split('\n').pop()!);
}
