// The checker's start-up is mostly the TypeScript compiler itself: 9 MB of JavaScript that V8 parses and
// compiles in every new checker process. This loads it with V8's code cache (the compiled functions of an
// earlier process, kept in a file), the way Node 22's module compile cache would: the cache is made after
// the first check (so it holds the parser's and checker's compiled functions too) and is used by every later
// checker. V8 checks the cache against the source and its own flags and refuses one that does not match;
// a refused, missing or unreadable cache only means a normal load, never a different compiler.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { Script } from 'node:vm';

/** The environment variable through which the verifier's host names the cache's folder (empty: no cache). */
export const CODE_CACHE_ENV = 'SWITCHBOARD_VERIFIER_CODE_CACHE';

/** What became of the code cache in this process. */
export type CodeCacheState = 'off' | 'used' | 'missing' | 'rejected';

/** A module loaded through the code cache: `save()` writes the cache when it was not used (after the first check). */
export interface CachedModule {
  state: CodeCacheState;
  save(): void;
}

const require = createRequire(import.meta.url);

/**
 * Loads the CommonJS module `id` (resolved from here) through a V8 code cache in `cacheDir`, and puts it in
 * require's cache so every later `require(id)` (lazyModule) gets this instance. Without a cacheDir it does nothing.
 */
export function loadWithCodeCache(id: string, cacheDir: string | undefined): CachedModule {
  if (!cacheDir) return { state: 'off', save: () => undefined };
  const file = require.resolve(id);
  if (require.cache[file]) return { state: 'off', save: () => undefined };
  const version = (require(`${id}/package.json`) as { version: string }).version;
  // One file per module version, runtime and architecture; V8 refuses a cache made under other flags.
  const cacheFile = join(cacheDir, `${id.replace(/[^a-z0-9.-]/gi, '_')}-${version}-${process.version}-${process.arch}.v8cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const state: CodeCacheState = !cachedData ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used';
  const module = new Module(file);
  module.filename = file;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  require.cache[file] = module;
  return {
    state,
    save: () => {
      if (state === 'used') return;
      // Written aside and renamed into place: a checker starting meanwhile reads the old file or the new one.
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      try {
        mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
        writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
        renameSync(temporary, cacheFile);
      } catch {
        // A cache that cannot be written costs the next checker its speed, nothing else.
        rmSync(temporary, { force: true });
      }
    },
  };
}
