import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { createCore } from '../../electron/core/create-core';
import { startWebHost } from '../../electron/hosts/web-host';
import { CHROMIUM_PATH } from '../helpers/chromium';
import { tempHome } from '../helpers/temp-home';
import { percentile, round, type Figure } from './stats';

const run = promisify(execFile);
const repo = join(import.meta.dirname, '..', '..');
const TURNS = 200;

/**
 * The built renderer in Chromium: time to interactive (navigation until the composer can send on an open
 * connection), and the page's memory over a 200-turn conversation (JS heap after a forced GC, DOM nodes).
 */
export async function benchRenderer(): Promise<Figure[]> {
  const { dir, cleanup } = await tempHome('switchboard-bench-renderer-');
  const figures: Figure[] = [];
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const core = await createCore({ host: 'test', home: join(dir, 'home'), env: {}, appVersion: 'bench', logSinks: [] });
  try {
    const out = join(dir, 'out');
    await run(process.execPath, [join(repo, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', out, '--logLevel', 'error'], { cwd: repo });
    const host = await startWebHost({ core, rendererDir: join(out, 'renderer'), limits: { requestsPerSecond: 1e6, requestBurst: 1e6 } });

    const times: number[] = [];
    const domInteractive: number[] = [];
    for (let i = 0; i < 12; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const t0 = performance.now();
      await page.goto(host.url);
      await ready(page);
      const elapsed = performance.now() - t0;
      if (i >= 2) {
        times.push(elapsed);
        domInteractive.push(await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domInteractive));
      }
      await context.close();
    }
    times.sort((a, b) => a - b);
    domInteractive.sort((a, b) => a - b);
    figures.push({
      name: 'time to interactive (goto → composer ready, connection open)',
      n: times.length,
      p50_ms: round(percentile(times, 50), 1),
      p95_ms: round(percentile(times, 95), 1),
      extra: { dom_interactive_p50_ms: round(percentile(domInteractive, 50), 1) },
    });

    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const memory = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
      return { heapMb: round(get('JSHeapUsedSize') / 2 ** 20, 1), nodes: get('Nodes') };
    };
    await page.goto(host.url);
    await ready(page);
    const composer = page.getByRole('textbox', { name: 'Message' });
    const samples: Record<number, { heapMb: number; nodes: number }> = { 0: await memory() };
    const turnTimes: number[] = [];
    for (let turn = 1; turn <= TURNS; turn++) {
      const t0 = performance.now();
      await composer.fill(`turn ${turn}: make a slide about the numbers`);
      await composer.press('Enter');
      // No model in the bench host: each reply is the set-up message; wait for this turn's message, then a reply after it.
      const log = page.getByRole('log', { name: 'Conversation' });
      await log.getByText(`turn ${turn}: make a slide about the numbers`, { exact: true }).waitFor();
      await log.locator('li:last-child', { hasText: 'No model is set up yet' }).waitFor();
      turnTimes.push(performance.now() - t0);
      if (turn % 50 === 0) samples[turn] = await memory();
    }
    turnTimes.sort((a, b) => a - b);
    const extra: Record<string, number> = {};
    for (const [turn, s] of Object.entries(samples)) {
      extra[`heap_mb_after_${turn}`] = s.heapMb;
      extra[`dom_nodes_after_${turn}`] = s.nodes;
    }
    figures.push({ name: `turn through the UI (no model: the set-up reply), ${TURNS} turns in one conversation`, n: TURNS, p50_ms: round(percentile(turnTimes, 50), 1), p95_ms: round(percentile(turnTimes, 95), 1), extra });
    await host.close();
  } finally {
    await browser.close();
    await core.dispose();
    await cleanup();
  }
  return figures;
}

async function ready(page: Page): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).waitFor();
  await page.getByText('Connecting to Switchboard…').waitFor({ state: 'hidden' });
}
