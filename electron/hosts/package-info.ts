import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (hosts run from source with tsx, or from out/ after a build). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** This package's version, read from package.json once. */
export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
