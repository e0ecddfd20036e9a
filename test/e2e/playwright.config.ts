import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_MISSING_REASON, CHROMIUM_PATH, chromiumMissing, isCI } from '../helpers/chromium';

// Without a browser the suite cannot prove anything: CI must fail, a laptop gets a loud skip.
if (chromiumMissing) {
  if (isCI) throw new Error(`e2e: ${CHROMIUM_MISSING_REASON}. CI must not skip the browser tests.`);
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n!! e2e tests SKIPPED: ${CHROMIUM_MISSING_REASON}\n${bar}\n`);
}

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: repo('test-results/e2e'),
  globalSetup: './global-setup.ts',
  forbidOnly: isCI,
  retries: 0,
  workers: isCI ? 1 : undefined,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list'], ['html', { outputFolder: repo('playwright-report/e2e'), open: 'never' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
});
