import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../electron/hosts/cli/program';
import { npmPack } from '../helpers/npm-pack';
import { tempHome } from '../helpers/temp-home';

const weather = fileURLToPath(new URL('../fixtures/platform/weather-pack', import.meta.url));
const NAME = 'switchboard-pack-weather';

// A local npm registry on 127.0.0.1 serving the weather pack; `publish` adds a version and moves `latest`.
let server: Server;
let registryUrl: string;
const tarballs = new Map<string, Buffer>();
let latest = '';
let home: Awaited<ReturnType<typeof tempHome>>;
let work: Awaited<ReturnType<typeof tempHome>>;

async function publish(version: string): Promise<void> {
  const tgz = await npmPack(weather, work.dir, (pkg) => (pkg.version = version));
  tarballs.set(version, await readFile(tgz));
  latest = version;
}

beforeAll(async () => {
  home = await tempHome();
  work = await tempHome('switchboard-work-');
  server = createServer((req, res) => {
    if (req.url === `/${NAME}`) {
      const versions = Object.fromEntries(
        [...tarballs].map(([v, bytes]) => [
          v,
          {
            name: NAME,
            version: v,
            dist: { tarball: `${registryUrl}/${NAME}-${v}.tgz`, integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}` },
          },
        ]),
      );
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: NAME, 'dist-tags': { latest }, versions }));
    }
    const match = new RegExp(`^/${NAME}-(.+)\\.tgz$`).exec(req.url ?? '');
    const bytes = match ? tarballs.get(match[1]!) : undefined;
    if (bytes) return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes);
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registryUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await home.cleanup();
  await work.cleanup();
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const env = { SWITCHBOARD_HOME: home.dir, SWITCHBOARD_NPM_REGISTRY: registryUrl };
  const code = await runCli(args, { out: (t) => void (out += t), err: (t) => void (err += t), env });
  return { code, out, err };
}

it('installs a pack by npm name, shows its APIs, updates it to the new latest, reports stats and removes it', async () => {
  await publish('1.0.0');
  const added = await cli('packs', 'add', NAME);
  expect(added).toMatchObject({ code: 0, err: '' });
  expect(added.out).toContain(`installed ${NAME}@1.0.0  js  weather.*  1 API  npm:${NAME}`);
  expect(added.out).toContain('  weather.forecast');

  // Every command opens a fresh core: what it prints comes from the persisted registry.
  const list = JSON.parse((await cli('apis', 'list', '--json')).out) as { name: string; effects: string; version: string }[];
  expect(list).toContainEqual(expect.objectContaining({ name: 'weather.forecast', effects: 'read', version: '1.0.0' }));
  const show = await cli('apis', 'show', 'weather.forecast');
  expect(show.out).toContain('"description": "Forecast the weather for a city over the next days. Returns one entry per day."');
  expect(show.out).toContain('declare namespace weather {');
  expect(show.out).toMatch(/\/\/ about \d+ tokens \(compact: \d+\)/);
  expect(JSON.parse((await cli('apis', 'show', 'weather.forecast', '--json')).out)).toMatchObject({ name: 'weather.forecast', pack: NAME });

  await publish('1.1.0');
  expect(await cli('packs', 'update', 'weather')).toMatchObject({ code: 0, out: expect.stringContaining(`updated ${NAME}@1.1.0`) });
  expect((await cli('packs', 'list')).out).toContain(`${NAME}@1.1.0  js  weather.*`);
  const packs = JSON.parse((await cli('packs', 'list', '--json')).out) as { name: string; version: string; kind: string }[];
  expect(packs.filter((p) => p.kind !== 'builtin')).toEqual([expect.objectContaining({ name: NAME, version: '1.1.0' })]);

  expect(await cli('packs', 'stats', 'weather')).toMatchObject({ code: 0, out: 'no usage recorded for weather\n' });
  expect((await cli('packs', 'stats', 'weather', '--csv')).out.split('\n')[0]).toMatch(/^api,pack,calls,failures,/);
  expect(JSON.parse((await cli('packs', 'stats', 'weather', '--json')).out)).toEqual([]);

  expect(await cli('packs', 'remove', 'weather')).toMatchObject({ code: 0, out: `removed ${NAME}@1.1.0\n` });
  expect(JSON.parse((await cli('apis', 'list', '--json')).out).map((a: { name: string }) => a.name)).not.toContain('weather.forecast');
}, 60_000);

it('fails with a clear message and a non-zero exit for unknown packs, APIs and registry names', async () => {
  const unknownName = await cli('packs', 'add', 'switchboard-pack-nobody-published');
  expect(unknownName.code).not.toBe(0);
  expect(unknownName.err).toMatch(/switchboard-pack-nobody-published/);
  const badRemove = await cli('packs', 'remove', 'nothing');
  expect(badRemove.code).not.toBe(0);
  expect(badRemove.err).toMatch(/nothing/);
  const missingApi = await cli('apis', 'show', 'weather.nowcast');
  expect(missingApi.code).not.toBe(0);
  expect(missingApi.err).toContain('weather.nowcast');
  const badUpdate = await cli('packs', 'update', 'nothing');
  expect(badUpdate.code).not.toBe(0);
  expect(badUpdate.err).toMatch(/nothing/);
});
