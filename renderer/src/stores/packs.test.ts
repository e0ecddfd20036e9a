import { describe, expect, it } from 'vitest';
import type { ApiSummary, PackSummary } from '../../../electron/shared/platform';
import { fail, ok } from '../../../electron/shared/result';
import { matchApis } from '../features/catalogue/match-apis';
import { fakeBridge, fakeConnection } from './fakes';
import { createSwitchboardStore } from './index';

const pack: PackSummary = {
  name: 'switchboard-pack-weather',
  module: 'weather',
  version: '1.0.0',
  description: 'Weather',
  kind: 'js',
  source: 'tgz:/tmp/w.tgz',
  permissions: { folders: [], hosts: [] },
  granted: { folders: [], hosts: [] },
  apis: ['weather.forecast'],
  warnings: [],
  installedAt: '2026-11-21T00:00:00.000Z',
  updatedAt: '2026-11-21T00:00:00.000Z',
};
const api: ApiSummary = {
  name: 'weather.forecast',
  module: 'weather',
  pack: pack.name,
  version: '1.0.0',
  effects: 'read',
  summary: 'Forecast the weather for a city.',
};
const document = {
  name: 'weather.forecast',
  module: 'weather',
  pack: pack.name,
  version: '1.0.0',
  description: 'Forecast the weather for a city.',
  parameters: { type: 'object' as const, properties: {} },
  returns: {},
  examples: [],
  composition: '',
  effects: 'read' as const,
  permissions: { folders: [], hosts: [] },
};

function setup(installed: PackSummary[] = [], added: PackSummary = pack) {
  let packs = installed;
  const fake = fakeBridge({
    'packs.list': () => ok(packs),
    'apis.list': () => ok(packs.length ? [api] : []),
    'packs.add': ({ spec }) => {
      if (!spec.endsWith('.tgz')) return fail('INVALID_INPUT', `cannot read ${spec}`);
      packs = [added];
      return ok(added);
    },
    'packs.inspect': ({ spec }) => {
      if (!spec.endsWith('.tgz')) return fail('INVALID_INPUT', `cannot read ${spec}`);
      const { granted: _granted, installedAt: _installed, updatedAt: _updated, ...preview } = added;
      return ok(preview);
    },
    'packs.remove': () => {
      packs = [];
      return ok(pack);
    },
    'apis.get': ({ name }) =>
      packs.length && name === api.name
        ? ok({ document, declaration: 'declare namespace weather {}', compactDeclaration: '', tokens: { full: 10, compact: 5 } })
        : fail('NOT_FOUND', name),
    'packs.stats': () => ok({ figures: [], csv: '' }),
  });
  const store = createSwitchboardStore({ bridge: fake.bridge, connection: fakeConnection().connection });
  return { store, fake };
}

describe('packs slice', () => {
  it('keeps the error and installs nothing when the source is refused, then installs and reloads APIs', async () => {
    const { store } = setup();
    expect(await store.getState().installPack('/nowhere')).toBe(false);
    expect(store.getState().installError).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await store.getState().installPack('/tmp/w.tgz')).toBe(true);
    expect(store.getState()).toMatchObject({
      installError: null,
      packNotice: 'Installed switchboard-pack-weather 1.0.0 with 1 API.',
      packs: [pack],
      apis: [api],
    });
  });

  it('says at install when the pack’s text reads like instructions to the assistant (issue 18)', async () => {
    const { store } = setup([], { ...pack, warnings: ['Its description tells the assistant to ignore its instructions ("Ignore previous instructions").'] });
    expect(await store.getState().installPack('/tmp/w.tgz')).toBe(true);
    expect(store.getState().packNotice).toBe(
      'Installed switchboard-pack-weather 1.0.0 with 1 API. Warning: its text reads like instructions to the assistant (1 place); see its permissions below, and remove it if you do not trust it.',
    );
  });

  it('installs only after the person confirms what the pack asks for; Cancel installs nothing (issue 18)', async () => {
    const asks = { ...pack, permissions: { folders: ['~/weather'], hosts: ['api.example.com'] }, warnings: ['Its description reads like instructions.'] };
    const { store, fake } = setup([], asks);
    expect(await store.getState().inspectPack('/nowhere')).toBe(false);
    expect(store.getState()).toMatchObject({ pendingInstall: null, installError: { code: 'INVALID_INPUT' } });

    expect(await store.getState().inspectPack(' /tmp/w.tgz ')).toBe(true);
    expect(store.getState().pendingInstall).toMatchObject({ spec: '/tmp/w.tgz', pack: { permissions: asks.permissions, warnings: asks.warnings } });
    store.getState().cancelInstall();
    expect(store.getState().pendingInstall).toBeNull();
    expect(await store.getState().confirmInstall()).toBe(false);
    await store.getState().loadPacks();
    expect(store.getState().packs).toEqual([]);
    expect(fake.calls.map((c) => c.route)).not.toContain('packs.add');

    expect(await store.getState().inspectPack('/tmp/w.tgz')).toBe(true);
    expect(await store.getState().confirmInstall()).toBe(true);
    expect(store.getState()).toMatchObject({ pendingInstall: null, packs: [asks] });
    expect(fake.calls.filter((c) => c.route === 'packs.add').map((c) => c.input)).toEqual([{ spec: '/tmp/w.tgz' }]);
  });

  it('opens an API with its usage (none yet), and closes it when its pack is removed elsewhere', async () => {
    const { store, fake } = setup([pack]);
    await store.getState().selectApi('weather.forecast');
    expect(store.getState().selectedApi).toMatchObject({ name: 'weather.forecast', usage: null, error: null, detail: { document: { pack: pack.name } } });
    const stop = store.getState().start();
    await store.getState().removePack(pack.name);
    fake.emit('registry.changed', { kind: 'removed', pack: pack.name, module: 'weather', version: '1.0.0' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.getState().selectedApi).toBeNull();
    expect(store.getState().apis).toEqual([]);
    stop();
  });
});

describe('matchApis', () => {
  const apis: ApiSummary[] = [
    { ...api, name: 'pptx.addSlide', module: 'pptx', pack: 'pptx', summary: 'Add a slide to a deck.' },
    { ...api, name: 'xlsx.readRange', module: 'xlsx', pack: 'xlsx', summary: 'Read cells of a sheet, slide through rows.' },
    api,
  ];
  it('matches word prefixes of camelCase names before words of the summary', () => {
    expect(matchApis(apis, 'slide').map((a) => a.name)).toEqual(['pptx.addSlide', 'xlsx.readRange']);
    expect(matchApis(apis, 'read ran').map((a) => a.name)).toEqual(['xlsx.readRange']);
    expect(matchApis(apis, 'nothing here')).toEqual([]);
    expect(matchApis(apis, '  ')).toHaveLength(3);
  });
});
