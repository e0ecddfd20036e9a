import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/create-core';
import { createLocalClient } from '../../electron/core/ipc/local-client';
import { notesPack } from '../fixtures/builtin/notes-pack';
import { seededRandom as rng } from '../helpers/seeded-random';
import { tempHome } from '../helpers/temp-home';

const fixture = fileURLToPath(new URL('../fixtures/platform/weather-pack', import.meta.url));

type Json = Record<string, unknown>;
const clone = <T>(v: T): T => structuredClone(v);

// Each mutation breaks one rule of the manifest, at a random place.
const mutations: ((m: Json, r: () => number) => void)[] = [
  (m) => delete sb(m).module,
  (m) => (sb(m).module = 'Bad-Module'),
  (m) => (sb(m).module = 'notes'),
  (m, r) => (m.version = ['1', '1.0', 'v1.0.0', '1.0.0.0', ''][Math.floor(r() * 5)]),
  (m) => (m.name = 'UPPER case name'),
  (m) => (m.description = ''),
  (m) => (sb(m).main = '../outside.js'),
  (m) => (sb(m).main = '/etc/passwd'),
  (m) => (sb(m).apis = []),
  (m) => (sb(m).apis = 'forecast'),
  (m) => (sb(m).permissions = { folders: 'all' }),
  (m) => (sb(m).permissions = { hosts: ['http://evil.example/path'] }),
  (m) => (sb(m).extra = true),
  (m, r) => (api(m, r).name = ['', 'Forecast', 'fore-cast', '1x', 'a.b'][Math.floor(r() * 5)]),
  (m, r) => (api(m, r).description = ['', 'short', 42][Math.floor(r() * 3)]),
  (m, r) => (api(m, r).effects = ['write', 'none', '', null][Math.floor(r() * 4)]),
  (m, r) => (api(m, r).parameters = [{ type: 'string' }, { type: 'array' }, null, 'object'][Math.floor(r() * 4)]),
  (m, r) => (api(m, r).parameters = { type: 'object', properties: { city: { type: 'string' } } }),
  (m, r) => (api(m, r).parameters = { type: 'object', properties: {}, required: ['ghost'] }),
  (m, r) => (api(m, r).parameters = { type: 'object', properties: { 'bad name': { type: 'string', description: 'x' } } }),
  (m, r) => (api(m, r).examples = 'not a list'),
  (m, r) => (api(m, r).examples = Array.from({ length: 11 }, () => 'await weather.forecast({ city: "x" });')),
  (m, r) => (api(m, r).description = 'd'.repeat(5000)),
  (m, r) => (api(m, r).unknownField = 1),
  (m, r) => (sb(m).apis = [api(m, r), clone(api(m, r))]),
  (m) => delete (m as Json).switchboard,
];

/** The switchboard field, or a detached object when an earlier mutation removed or replaced it. */
function sb(m: Json): Json {
  return typeof m.switchboard === 'object' && m.switchboard !== null ? (m.switchboard as Json) : {};
}

function api(m: Json, r: () => number): Json {
  const apis = sb(m).apis;
  if (!Array.isArray(apis) || apis.length === 0 || typeof apis[0] !== 'object' || apis[0] === null) return {};
  return apis[Math.floor(r() * apis.length)] as Json;
}

let home: Awaited<ReturnType<typeof tempHome>>;
let core: Core;
let good: Json;
beforeAll(async () => {
  home = await tempHome();
  core = await createCore({ host: 'test', home: home.dir, env: {}, appVersion: '0', packs: [notesPack], logSinks: [] });
  good = JSON.parse(await readFile(join(fixture, 'package.json'), 'utf8')) as Json;
});
afterAll(async () => {
  await core.dispose();
  await home.cleanup();
});

describe('manifest fuzz', () => {
  it('refuses 520 generated bad manifests with a clear error, leaving the registry unchanged', async () => {
    const client = createLocalClient(core);
    const index = await readFile(join(fixture, 'index.js'), 'utf8');
    const before = JSON.stringify(core.registry.listPacks());
    const r = rng(20261121);
    let refused = 0;
    for (let i = 0; i < 520; i++) {
      const manifest = clone(good);
      const count = 1 + Math.floor(r() * 2);
      for (let k = 0; k < count; k++) mutations[(i + k * 7) % mutations.length]!(manifest, r);
      const dir = join(home.dir, 'fuzz', String(i));
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'package.json'), JSON.stringify(manifest));
      await writeFile(join(dir, 'index.js'), index);
      const result = await client.request('packs.add', { spec: dir });
      if (result.ok) throw new Error(`case ${i} was accepted: ${JSON.stringify(manifest)}`);
      expect(['INVALID_INPUT', 'NOT_FOUND']).toContain(result.error.code);
      expect(result.error.message.length).toBeGreaterThan(10);
      refused++;
    }
    expect(refused).toBe(520);
    expect(JSON.stringify(core.registry.listPacks())).toBe(before);
  }, 120_000);
});
