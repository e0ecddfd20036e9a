import { spawn } from 'node:child_process';
import { cp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createCore } from '../../electron/core/create-core';
import { seededRandom } from '../helpers/seeded-random';
import { tempHome } from '../helpers/temp-home';

const weather = fileURLToPath(new URL('../fixtures/platform/weather-pack', import.meta.url));
const churn = fileURLToPath(new URL('../fixtures/pack-churn.ts', import.meta.url));

let home: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => {
  home = await tempHome();
});
afterEach(() => home.cleanup());

/** Runs the churn child until `ms` after it reports it started, then kills it with SIGKILL. */
async function killMidway(source: string, ms: number): Promise<void> {
  // `--import tsx` keeps it one process (the tsx CLI would run the script in a grandchild SIGKILL misses).
  const child = spawn(process.execPath, ['--import', 'tsx', churn, home.dir, source], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('started')) setTimeout(() => child.kill('SIGKILL'), ms);
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`churn exited ${code}: ${stderr}`))));
  });
}

it('a process killed at any point of install, update or remove leaves a registry that matches the disk', async () => {
  const source = join(home.dir, 'source');
  await cp(weather, source, { recursive: true });
  const random = seededRandom(20261121);
  const seen = new Set<string>();
  for (let i = 0; i < 8; i++) {
    await killMidway(source, Math.floor(random() * 1500));
    const core = await createCore({ host: 'test', home: home.dir, env: {}, appVersion: '0.0.0-test', logSinks: [] });
    try {
      const pack = core.registry.getPack('switchboard-pack-weather');
      seen.add(pack ? 'installed' : 'absent');
      const packsDir = core.paths.packsDir;
      const folders = (await readdir(packsDir)).filter((e) => !e.startsWith('registry.json'));
      // start() removed every folder the registry does not point at, including interrupted installs.
      expect(folders).toEqual(pack?.dir ? [pack.dir.slice(packsDir.length + 1)] : []);
      if (pack) {
        const onDisk = JSON.parse(await readFile(join(pack.dir!, 'package.json'), 'utf8')) as { version: string };
        expect(onDisk.version).toBe(pack.version);
        expect(pack.apis.map((a) => [a.name, a.version])).toEqual([['weather.forecast', pack.version]]);
        const result = await core.packs.call('weather.forecast', { city: 'Oslo', days: 1 }, { signal: new AbortController().signal, roots: [] });
        expect(result).toEqual({ ok: true, value: [{ day: 1, summary: 'Oslo: mild, day 1' }] });
        await core.packs.remove(pack.name);
      }
    } finally {
      await core.dispose();
    }
  }
  // The delays span whole rounds (a round takes about a second here), so kills land both between and inside steps.
  expect(seen.size).toBe(2);
}, 300_000); // 8 child processes each installing real packs: minutes on a busy 2-core machine.
