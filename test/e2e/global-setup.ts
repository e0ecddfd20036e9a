import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from 'electron-vite';
import { build } from 'vite';
import { chromiumMissing } from '../helpers/chromium';
import { E2E_RENDERER_DIR, RENDERER_DIR_ENV, REPO_ROOT } from './paths';

/**
 * Builds the renderer with the project's own electron-vite config (renderer only, into a test folder),
 * so the suite always runs today's code. Set SWITCHBOARD_E2E_RENDERER_DIR to use a prebuilt one.
 */
export default async function globalSetup(): Promise<void> {
  if (chromiumMissing) return;
  const prebuilt = process.env[RENDERER_DIR_ENV];
  if (prebuilt) {
    if (!existsSync(join(prebuilt, 'index.html'))) throw new Error(`${RENDERER_DIR_ENV}=${prebuilt} has no index.html`);
    return;
  }
  const resolved = await resolveConfig({ root: REPO_ROOT, logLevel: 'warn' }, 'build', 'production');
  const renderer = resolved.config?.renderer;
  if (!renderer) throw new Error('electron.vite.config.ts has no renderer config');
  await build({ ...renderer, logLevel: 'warn', build: { ...renderer.build, outDir: E2E_RENDERER_DIR, emptyOutDir: true } });
  process.env[RENDERER_DIR_ENV] = E2E_RENDERER_DIR;
}
