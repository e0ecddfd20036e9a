import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { createCore } from '../../electron/core/create-core';
import { startWebHost } from '../../electron/hosts/web-host';
import { CHROMIUM_PATH } from '../helpers/chromium';
import { tempHome } from '../helpers/temp-home';
import { percentile, round, type Figure } from './stats';

const run = promisify(execFile);
const repo = join(import.meta.dirname, '..', '..');
const TURNS = Number(process.env.BENCH_TURNS) || 200;

/**
 * The built renderer in Chromium: time to interactive (navigation until the composer can send on an open
 * connection), and the page's memory over a 200-turn conversation (BENCH_TURNS changes it): JS heap after a
 * forced GC; Chromium's DOM node counter; the nodes in the document; and nodes out of the document that page
 * scripts still hold. Chromium's counter also counts the composer's undo history (each typed message and each
 * clear is an editing step holding its text nodes), so it grows by 2 a turn while the document stays flat.
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
    await run(process.execPath, [join(repo, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', out, '--logLevel', 'error'], {
      cwd: repo,
    });
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
    const memory = () => pageMemory(page, cdp);
    await page.goto(host.url);
    await ready(page);
    const composer = page.getByRole('textbox', { name: 'Message' });
    const samples: Record<number, { heapMb: number; nodes: number; live: number; detached: number }> = { 0: await memory() };
    const turnTimes: number[] = [];
    for (let turn = 1; turn <= TURNS; turn++) {
      const t0 = performance.now();
      await composer.fill(`turn ${turn}: make a slide about the numbers`);
      await composer.press('Enter');
      // No model in the bench host: each reply is the set-up message; wait for this turn's message, then a reply after it.
      // Waits with a plain DOM check: Playwright's element locators keep references to the elements they matched,
      // which would show up here as detached nodes the app no longer holds.
      await page.waitForFunction((text) => {
        const items = document.querySelectorAll('[role="log"] li');
        const last = items[items.length - 1];
        const before = items[items.length - 2];
        return last?.textContent?.includes('No model is set up yet') && before?.textContent?.includes(text);
      }, `turn ${turn}: make a slide about the numbers`);
      turnTimes.push(performance.now() - t0);
      if (turn % 50 === 0) samples[turn] = await memory();
    }
    turnTimes.sort((a, b) => a - b);
    const extra: Record<string, number> = {};
    for (const [turn, s] of Object.entries(samples)) {
      extra[`heap_mb_after_${turn}`] = s.heapMb;
      extra[`dom_nodes_after_${turn}`] = s.nodes;
      extra[`document_nodes_after_${turn}`] = s.live;
      extra[`detached_nodes_held_after_${turn}`] = s.detached;
    }
    figures.push({
      name: `turn through the UI (no model: the set-up reply), ${TURNS} turns in one conversation`,
      n: TURNS,
      p50_ms: round(percentile(turnTimes, 50), 1),
      p95_ms: round(percentile(turnTimes, 95), 1),
      extra,
    });
    await host.close();
  } finally {
    await browser.close();
    await core.dispose();
    await cleanup();
  }
  return figures;
}

/** The page's JS heap after forced GCs, Chromium's node counter, nodes in the document, and detached nodes held. */
async function pageMemory(page: Page, cdp: CDPSession): Promise<{ heapMb: number; nodes: number; live: number; detached: number }> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  // Nodes in the document now, and nodes out of it that page scripts still hold (a leak of the app would show there).
  const live = await page.evaluate(() => {
    const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
    let count = 0;
    while (walker.nextNode()) count += 1;
    return count;
  });
  const proto = await cdp.send('Runtime.evaluate', { expression: 'Node.prototype', objectGroup: 'bench' });
  const all = await cdp.send('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId!, objectGroup: 'bench' });
  const detached = await cdp.send('Runtime.callFunctionOn', {
    objectId: all.objects.objectId!,
    functionDeclaration:
      'function () { let n = 0; for (const node of this) { try { if (!node.isConnected) n += 1; } catch { /* a prototype, not a node */ } } return n; }',
    returnByValue: true,
  });
  await cdp.send('Runtime.releaseObjectGroup', { objectGroup: 'bench' });
  return { heapMb: round(get('JSHeapUsedSize') / 2 ** 20, 1), nodes: get('Nodes'), live, detached: detached.result.value as number };
}

async function ready(page: Page): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).waitFor();
  await page.getByText('Connecting to Switchboard…').waitFor({ state: 'hidden' });
}
