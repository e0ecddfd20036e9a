import { readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { describeIssues, manifestFromPackageJson, packManifestSchema, type PackManifest } from '../../../../apis/sdk';
import { PackError } from './pack-error';

const MAX_MANIFEST_BYTES = 1024 * 1024;

/**
 * Reads and validates the manifest of an unpacked pack: `switchboard.json` at the root, else the
 * `"switchboard"` field of package.json. Also checks that `main` is a file inside the pack.
 */
export async function readPackManifest(dir: string, fallbackName: string): Promise<PackManifest> {
  const ownFile = await readJson(dir, 'switchboard.json', fallbackName);
  const pkg = ownFile === undefined ? await readJson(dir, 'package.json', fallbackName) : undefined;
  const raw = ownFile ?? manifestFromPackageJson(pkg);
  const name = packName(raw, pkg, fallbackName);
  if (raw === undefined) {
    throw new PackError('BAD_MANIFEST', `pack ${name}: no switchboard.json and no "switchboard" field in package.json`, name);
  }
  const parsed = packManifestSchema.safeParse(raw);
  if (!parsed.success) throw new PackError('BAD_MANIFEST', describeIssues(name, parsed.error.issues), name);
  const manifest = parsed.data;
  await checkMain(dir, manifest);
  return manifest;
}

async function checkMain(dir: string, manifest: PackManifest): Promise<void> {
  const root = await realpath(dir);
  let main: string;
  try {
    main = await realpath(join(root, manifest.main));
  } catch {
    throw new PackError('BAD_MANIFEST', `pack ${manifest.name}: main file ${manifest.main} does not exist`, manifest.name);
  }
  const back = relative(root, main);
  if (back === '' || back === '..' || back.startsWith(`..${sep}`) || !(await stat(main)).isFile()) {
    throw new PackError('BAD_MANIFEST', `pack ${manifest.name}: main ${manifest.main} is not a file inside the pack`, manifest.name);
  }
}

async function readJson(dir: string, file: string, pack: string): Promise<unknown> {
  const path = join(dir, file);
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new PackError('BAD_MANIFEST', `pack ${pack}: ${file} is not a file`, pack);
    if (info.size > MAX_MANIFEST_BYTES) throw new PackError('BAD_MANIFEST', `pack ${pack}: ${file} is larger than ${MAX_MANIFEST_BYTES} bytes`, pack);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new PackError('BAD_MANIFEST', `pack ${pack}: ${file} is not valid JSON (${(error as Error).message})`, pack, { cause: error });
  }
}

/** The name to blame in messages: the manifest's own, else package.json's, else what the person asked for. */
function packName(raw: unknown, pkg: unknown, fallback: string): string {
  for (const candidate of [raw, pkg]) {
    const name = typeof candidate === 'object' && candidate !== null ? (candidate as { name?: unknown }).name : undefined;
    if (typeof name === 'string' && name.trim() !== '') return name.slice(0, 214);
  }
  return fallback;
}
