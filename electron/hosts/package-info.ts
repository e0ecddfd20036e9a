import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (hosts run from source with tsx, or from out/ after a build). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** This package's version, read from package.json once. */
export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * The content hash of the CLI bundle this code runs from (out/cli/build-id.json, written by cli-bundle.mjs
 * after the bundle's other files); undefined when running from source, where no such file sits beside it.
 */
export function cliBuildId(): string | undefined {
  let text: string;
  try {
    text = readFileSync(new URL('./build-id.json', import.meta.url), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const { buildId } = JSON.parse(text) as { buildId?: unknown };
    return typeof buildId === 'string' && /^[0-9a-f]{64}$/.test(buildId) ? buildId : undefined;
  } catch {
    return undefined;
  }
}
