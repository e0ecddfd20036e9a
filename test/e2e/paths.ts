import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where global setup builds the renderer, unless SWITCHBOARD_E2E_RENDERER_DIR names a prebuilt one. */
export const E2E_RENDERER_DIR = fileURLToPath(new URL('../../test-results/e2e-renderer', import.meta.url));
export const RENDERER_DIR_ENV = 'SWITCHBOARD_E2E_RENDERER_DIR';
