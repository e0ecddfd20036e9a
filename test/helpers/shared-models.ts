import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The small real model files in ../shared/models (never copied into the repository):
 * $SWITCHBOARD_SHARED_MODELS, else ../shared/models beside the repository's parent folder.
 */
export function sharedModelsDir(): string {
  if (process.env.SWITCHBOARD_SHARED_MODELS) return resolve(process.env.SWITCHBOARD_SHARED_MODELS);
  const repo = fileURLToPath(new URL('../..', import.meta.url));
  const candidates = [join(repo, '..', 'shared', 'models'), join(repo, '..', '..', 'shared', 'models'), '/work/shared/models'];
  return candidates.find((dir) => existsSync(join(dir, 'README.md'))) ?? candidates[0]!;
}

export function sharedModel(file: string): string {
  return join(sharedModelsDir(), file);
}

/**
 * True when the shared model files are there. Outside CI a missing folder skips the tests that need it,
 * loudly; under CI=true it is a failure.
 */
export function haveSharedModels(files: readonly string[]): boolean {
  const missing = files.filter((f) => !existsSync(sharedModel(f)));
  if (missing.length === 0) return true;
  const message = `shared model files missing from ${sharedModelsDir()}: ${missing.join(', ')} (set SWITCHBOARD_SHARED_MODELS)`;
  if (process.env.CI === 'true') throw new Error(message);
  process.stderr.write(`\n*** SKIPPING: ${message}\n\n`);
  return false;
}
