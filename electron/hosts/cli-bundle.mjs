// The built `switchboard` command: out/cli/cli.mjs and its chunks, made by esbuild from electron/hosts/cli.ts.
// inputs.json beside it lists every source file the bundle was built from, so a start can tell in a
// few milliseconds (one stat per source) whether the bundle is stale and must be built again.
import { createHash } from 'node:crypto';
import { copyFile, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const OUT_DIR = join(REPO, 'out', 'cli');
export const ENTRY = join(OUT_DIR, 'cli.mjs');
const INPUTS = join(OUT_DIR, 'inputs.json');
/** Beside the entry: `{ "buildId": <sha-256 of the bundle's files> }`. */
export const BUILD_ID_FILE = 'build-id.json';

// Loaded at run time with `new URL(name, import.meta.url)`: they must sit beside the bundle's chunks.
const BUILD_FILES = ['electron/hosts/cli-bundle.mjs', 'package.json'];
const BESIDE = [
  'electron/core/platform/js-pack/runner.mjs',
  'electron/core/executor/sandbox-worker.mjs',
  'electron/core/executor/sandbox-intl.mjs',
  'electron/core/selector/glove-worker.mjs',
];

/** Builds out/cli/ (entry, chunks, worker files, inputs.json); resolves to how long it took. */
export async function buildCli() {
  const started = Date.now();
  const { build } = await import('esbuild');
  // Built aside and renamed into place, so a command starting meanwhile never sees half a bundle.
  const target = `${OUT_DIR}.tmp-${process.pid}`;
  await rm(target, { recursive: true, force: true });
  const result = await build({
    // The verifier runs in a process of its own started from verifier-child.mjs (executor/verifier-host.ts).
    entryPoints: { cli: join(REPO, 'electron/hosts/cli.ts'), 'verifier-child': join(REPO, 'electron/core/executor/verifier-child.ts') },
    outdir: target,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    // Chunks sit beside the entry: code that finds files with `new URL('../../x', import.meta.url)` (package-info.ts) works from either.
    chunkNames: '[name]-[hash]',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'error',
    absWorkingDir: REPO,
  });
  for (const file of BESIDE) await copyFile(join(REPO, file), join(target, file.split('/').pop()));
  const inputs = [...Object.keys(result.metafile.inputs).filter((path) => !path.includes('node_modules')), ...BESIDE, ...BUILD_FILES];
  await writeFile(join(target, 'inputs.json'), `${JSON.stringify(inputs, null, 1)}\n`);
  await writeFile(join(target, BUILD_ID_FILE), `${JSON.stringify({ buildId: await contentHash(target) })}\n`);
  // Another process may have put its own fresh build in place meanwhile: keep that one (a command may be
  // running from it).
  if (await cliBundleFresh()) {
    await rm(target, { recursive: true, force: true });
    return { ms: Date.now() - started };
  }
  await rm(OUT_DIR, { recursive: true, force: true });
  await rename(target, OUT_DIR).catch(() => rm(target, { recursive: true, force: true }));
  return { ms: Date.now() - started };
}

/**
 * The bundle's content hash: every file the build wrote, names and bytes. Caches derived from the bundled
 * code (the built-in packs' documents, package-info.ts's cliBuildId) are keyed by it.
 */
async function contentHash(dir) {
  const hash = createHash('sha256');
  for (const name of (await readdir(dir)).sort()) {
    hash.update(`${name}\0`);
    hash.update(await readFile(join(dir, name)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** True when out/cli/ exists and no source it was built from is newer than it. */
export async function cliBundleFresh() {
  let built;
  let inputs;
  try {
    built = statSync(INPUTS).mtimeMs;
    inputs = JSON.parse(await readFile(INPUTS, 'utf8'));
  } catch {
    return false;
  }
  for (const input of inputs) {
    try {
      if (statSync(join(REPO, input)).mtimeMs > built) return false;
    } catch {
      return false;
    }
  }
  return true;
}
