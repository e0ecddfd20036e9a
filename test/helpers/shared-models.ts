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
