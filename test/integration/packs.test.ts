import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/create-core';
import { createLocalClient } from '../../electron/core/ipc/local-client';
import { notesPack } from '../fixtures/builtin/notes-pack';
import { npmPack } from '../helpers/npm-pack';
import { tempHome } from '../helpers/temp-home';

const weather = fileURLToPath(new URL('../fixtures/platform/weather-pack', import.meta.url));
const mcpServer = fileURLToPath(new URL('../fixtures/mcp/server.ts', import.meta.url));

let home: Awaited<ReturnType<typeof tempHome>>;
let work: Awaited<ReturnType<typeof tempHome>>;
const cores: Core[] = [];
beforeEach(async () => {
  home = await tempHome();
  work = await tempHome('switchboard-work-');
});
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.dispose()));
  await home.cleanup();
  await work.cleanup();
});

async function core(): Promise<Core> {
  const c = await createCore({ host: 'test', home: home.dir, env: {}, appVersion: '0.0.0-test', packs: [notesPack], logSinks: [] });
  cores.push(c);
  return c;
}

const call = (c: Core, name: string, args: unknown) => c.packs.call(name, args, { signal: new AbortController().signal, roots: [] });

describe('packs through the contract', () => {
  it('installs a real npm-packed .tgz, lists, declares, calls, updates and removes it, and survives a restart', async () => {
    const c = await core();
    const client = createLocalClient(c);
    const changes: string[] = [];
    client.on('registry.changed', (e) => changes.push(`${e.kind} ${e.pack}@${e.version}`));
    const tgz = await npmPack(weather, work.dir);
    const added = await client.request('packs.add', { spec: tgz });
    expect(added).toMatchObject({
      ok: true,
      value: { name: 'switchboard-pack-weather', module: 'weather', version: '1.0.0', kind: 'js', apis: ['weather.forecast'] },
    });

    const apis = await client.request('apis.list', {});
    expect(apis.ok && apis.value.map((a) => a.name)).toEqual(['notes.create', 'notes.purge', 'notes.search', 'weather.forecast']);
    const detail = await client.request('apis.get', { name: 'weather.forecast' });
    expect(detail.ok && detail.value.declaration).toContain('declare namespace weather {');
    expect(detail.ok && detail.value.declaration).toContain('function forecast(args: {');
    // The install's work folder is gone once it is done (it was left behind empty).
    const packsDir = join(home.dir, 'packs');
    expect(await readdir(packsDir)).not.toContain('.tmp');

    expect(await call(c, 'weather.forecast', { city: 'Oslo', days: 2 })).toEqual({
      ok: true,
      value: [
        { day: 1, summary: 'Oslo: mild, day 1' },
        { day: 2, summary: 'Oslo: mild, day 2' },
      ],
    });
    expect(await call(c, 'weather.forecast', { days: 2 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });

    const stats = await client.request('packs.stats', { name: 'weather' });
    expect(stats.ok && stats.value.figures[0]).toMatchObject({ api: 'weather.forecast', calls: 2, failures: 1, failuresByCode: { INVALID_ARGUMENTS: 1 } });

    const v2 = await npmPack(weather, work.dir, (pkg) => (pkg.version = '1.1.0'));
    // The recorded source is the first tarball; point the update at the new one by re-adding from it.
    await expect(client.request('packs.add', { spec: v2 })).resolves.toMatchObject({ ok: false, error: { code: 'ALREADY_EXISTS' } });
    expect(await readdir(packsDir)).not.toContain('.tmp');
    await c.dispose();
    cores.pop();

    const again = await core();
    expect(again.registry.getPack('weather')?.version).toBe('1.0.0');
    expect(await call(again, 'weather.forecast', { city: 'Rome', days: 1 })).toMatchObject({ ok: true });
    const removed = await createLocalClient(again).request('packs.remove', { name: 'weather' });
    expect(removed.ok).toBe(true);
    expect(again.registry.getPack('weather')).toBeUndefined();
    expect((await readdir(packsDir)).filter((f) => !f.startsWith('registry.json'))).toEqual([]);
    expect(changes).toEqual(['added switchboard-pack-weather@1.0.0']);
  });

  it('updates a pack from its folder source atomically, replacing the old version', async () => {
    const c = await core();
    const client = createLocalClient(c);
    const { cp, writeFile } = await import('node:fs/promises');
    const folder = join(work.dir, 'weather');
    await cp(weather, folder, { recursive: true });
    expect((await client.request('packs.add', { spec: folder })).ok).toBe(true);
    const oldDir = c.registry.getPack('weather')!.dir!;
    const pkg = JSON.parse(await readFile(join(folder, 'package.json'), 'utf8'));
    pkg.version = '2.0.0';
    await writeFile(join(folder, 'package.json'), JSON.stringify(pkg));
    await writeFile(join(folder, 'index.js'), 'export async function forecast({ city }) { return [{ day: 1, summary: `v2 ${city}` }]; }\n');
    const updated = await client.request('packs.update', { name: 'weather' });
    expect(updated).toMatchObject({ ok: true, value: { version: '2.0.0' } });
    expect(await call(c, 'weather.forecast', { city: 'Oslo' })).toEqual({ ok: true, value: [{ day: 1, summary: 'v2 Oslo' }] });
    expect(existsSync(oldDir)).toBe(false);
  });

  it('installs two packs at once, each into packs/.tmp first, and removes the folder when the last is done', async () => {
    const c = await core();
    const client = createLocalClient(c);
    const other = await npmPack(weather, work.dir, (pkg) => {
      pkg.name = 'switchboard-pack-weather-two';
      (pkg.switchboard as { module: string }).module = 'weathertwo';
    });
    const results = await Promise.all([client.request('packs.add', { spec: await npmPack(weather, work.dir) }), client.request('packs.add', { spec: other })]);
    expect(results.map((r) => r.ok && r.value.module)).toEqual(['weather', 'weathertwo']);
    expect(await readdir(join(home.dir, 'packs'))).not.toContain('.tmp');
    expect(await call(c, 'weathertwo.forecast', { city: 'Oslo', days: 1 })).toMatchObject({ ok: true });
  });

  it('refuses a pack whose module shadows a built-in and leaves the registry unchanged', async () => {
    const c = await core();
    const tgz = await npmPack(weather, work.dir, (pkg) => ((pkg.switchboard as { module: string }).module = 'notes'));
    const result = await createLocalClient(c).request('packs.add', { spec: tgz });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(!result.ok && result.error.message).toContain('shadow the built-in');
    expect(c.registry.listPacks().map((p) => p.name)).toEqual(['notes']);
    // Nothing is left behind, not even the empty work folder packs/.tmp.
    expect(await readdir(join(home.dir, 'packs'))).toEqual([]);
  });

  it('installs a stdio MCP server as a pack and removes it', async () => {
    const c = await core();
    const spec = `mcp:${process.execPath} --import tsx ${mcpServer}`;
    const result = await createLocalClient(c).request('packs.add', { spec, module: 'fixture' });
    expect(result).toMatchObject({ ok: true, value: { kind: 'mcp', module: 'fixture' } });
    const names = c.registry.listApis({ module: 'fixture' }).map((a) => a.name);
    expect(names).toContain('fixture.echoText');
    expect(c.registry.getApi('fixture.deleteItem')?.effects).toBe('destructive');
    expect((await createLocalClient(c).request('packs.remove', { name: 'fixture' })).ok).toBe(true);
    expect(c.registry.listApis({ module: 'fixture' })).toEqual([]);
  }, 60_000);
});
