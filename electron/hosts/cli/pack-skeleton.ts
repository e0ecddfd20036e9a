import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { CliError } from './context';
import { packFiles } from './pack-template';

/** The module (namespace) a pack name gives: `@me/switchboard-pack-weather-report` → `weatherReport`. */
export function moduleOf(name: string): string {
  const bare = name.replace(/^@[^/]+\//, '').replace(/^switchboard-pack-/, '');
  return bare
    .replace(/[-._~]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase())
    .replace(/[^a-zA-Z0-9]/g, '')
    .replace(/^[^a-z]+/, '')
    .slice(0, 40);
}

/** Writes a working pack (pack-template.ts: the built-in packs' layout) into `dir` (which must not exist or be empty); resolves to the files written. */
export async function writePackSkeleton(name: string, dir: string): Promise<{ dir: string; module: string; files: string[] }> {
  if (!/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/.test(name) || name.length > 214) {
    throw new CliError(`not a pack name: ${name} (use an npm-style name such as my-pack, lower case)`, 2);
  }
  const module = moduleOf(name);
  if (!/^[a-z][a-zA-Z0-9]{0,39}$/.test(module)) throw new CliError(`cannot make a module name from ${name}: start it with a letter`, 2);
  const target = resolve(dir);
  const existing = await readdir(target).catch(() => undefined);
  if (existing && existing.length > 0) throw new CliError(`${target} is not empty: choose another folder (--dir)`, 2);
  const files = packFiles(name, module, basename(target) === target ? target : dir);
  await mkdir(resolve(target, 'lib'), { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(resolve(target, file), text, { flag: 'wx' });
  return { dir: target, module, files: Object.keys(files) };
}
