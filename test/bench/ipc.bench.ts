import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCore } from '../../electron/core/create-core';
import { createLocalClient } from '../../electron/core/ipc/local-client';
import { startWebHost } from '../../electron/hosts/web-host';
import { tempHome } from '../helpers/temp-home';
import { openClient } from '../helpers/ws-client';
import { measure, round, type Figure } from './stats';

/** Contract overhead: core start, in-process dispatch, and a WebSocket round trip on loopback. */
export async function benchIpc(): Promise<Figure[]> {
  const { dir, cleanup } = await tempHome('switchboard-bench-');
  const figures: Figure[] = [];
  try {
    const starts: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      const core = await createCore({ host: 'test', home: join(dir, `start-${i}`), env: {}, appVersion: 'bench' });
      starts.push(performance.now() - t0);
      await core.dispose();
    }
    starts.sort((a, b) => a - b);
    figures.push({ name: 'core start (createCore)', n: starts.length, p50_ms: round(starts[4]!), p95_ms: round(starts[9]!) });

    const core = await createCore({ host: 'test', home: join(dir, 'main'), env: {}, appVersion: 'bench' });
    const local = createLocalClient(core);
    figures.push(await measure('in-process dispatch app.info', 5000, () => local.request('app.info', {})));
    figures.push(await measure('in-process chat.send (echo)', 2000, () => local.request('chat.send', { text: 'hello' })));

    const rendererDir = join(dir, 'renderer');
    await mkdir(rendererDir);
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html>');
    const host = await startWebHost({ core, rendererDir, limits: { requestsPerSecond: 1e9, requestBurst: 1e9 } });
    const ws = await openClient(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { Origin: `http://127.0.0.1:${host.port}` });
    figures.push(await measure('WebSocket round trip app.info', 2000, () => ws.request('app.info', {})));
    figures.push(await measure('WebSocket round trip chat.send (echo)', 2000, () => ws.request('chat.send', { text: 'hello' })));
    await ws.close();
    await host.close();
    await core.dispose();
  } finally {
    await cleanup();
  }
  return figures;
}
