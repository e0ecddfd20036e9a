import { existsSync } from 'node:fs';

/** The system Chromium the e2e suite drives (Playwright's own browsers are not downloaded here). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumMissing = !existsSync(CHROMIUM_PATH);
export const CHROMIUM_MISSING_REASON = `Chromium not found at ${CHROMIUM_PATH}; install it or set CHROMIUM_PATH`;

const ci = process.env.CI?.trim().toLowerCase();
export const isCI = ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
