import { test as base, type Page } from '@playwright/test';
import type { Core } from '../../electron/core/create-core';
import { startWebHost, type WebHost } from '../../electron/hosts/web-host';
import { testCore } from '../helpers/core';
import { CHROMIUM_MISSING_REASON, chromiumMissing } from '../helpers/chromium';
import { SETUP_DONE_KEY } from '../../renderer/src/stores/onboarding';
import { E2E_RENDERER_DIR, RENDERER_DIR_ENV } from './paths';

export interface HostFixture {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** The core's data folder (a fresh temporary directory per test). */
  readonly home: string;
  readonly core: Core;
  /** Stops the browser host (the core keeps running), as if it had crashed. */
  stop(): Promise<void>;
  /** Starts the browser host again on the same port with the same token. */
  start(): Promise<void>;
}

interface Fixtures {
  /** A real core and browser host for this test only, so tests never share settings or messages. */
  host: HostFixture;
  /** Page errors and console errors (CSP violations included) seen so far. */
  pageProblems: string[];
}

/** The renderer the browser tests serve: the global setup's build, unless SWITCHBOARD_E2E_RENDERER_DIR names another. */
const rendererDir = (): string => process.env[RENDERER_DIR_ENV] ?? E2E_RENDERER_DIR;

/**
 * A real core (with the packs or environment a test needs) behind a browser host, for tests the `host`
 * fixture does not fit; close() stops the host, then the core.
 */
export async function openHost(options: Parameters<typeof testCore>[0] = {}): Promise<{ core: Core; home: string; host: WebHost; close(): Promise<void> }> {
  const env = await testCore(options);
  const host = await startWebHost({ core: env.core, rendererDir: rendererDir() });
  return {
    core: env.core,
    home: env.home,
    host,
    async close() {
      await host.close();
      await env.close();
    },
  };
}

export const test = base.extend<Fixtures>({
  // Playwright reads fixture dependencies from the destructuring pattern; this one has none.
  // eslint-disable-next-line no-empty-pattern
  host: async ({}, use) => {
    const { core, home, close } = await testCore();
    let current: WebHost | undefined = await startWebHost({ core, rendererDir: rendererDir() });
    const { url, port, token } = current;
    const fixture: HostFixture = {
      url,
      port,
      token,
      home,
      core,
      async stop() {
        await current?.close();
        current = undefined;
      },
      async start() {
        current ??= await startWebHost({ core, rendererDir: rendererDir(), port, token });
      },
    };
    try {
      await use(fixture);
    } finally {
      await fixture.stop();
      await close();
    }
  },
  // Most tests play a returning person: the window remembers that the first-run set-up was skipped.
  // first-run.spec.ts opens its own page without this, to see the set-up.
  page: async ({ page }, use) => {
    await page.addInitScript((key) => window.localStorage.setItem(key, 'yes'), SETUP_DONE_KEY);
    await use(page);
  },
  pageProblems: async ({ page }, use) => {
    await use(watchProblems(page));
  },
});

test.skip(chromiumMissing, CHROMIUM_MISSING_REASON);

export { expect } from '@playwright/test';

function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return problems;
}
