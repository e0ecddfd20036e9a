import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notesPack } from '../../../test/fixtures/builtin/notes-pack';
import { builtinRecord, jsRecord } from '../../../test/helpers/pack-records';
import { tempHome } from '../../../test/helpers/temp-home';
import { createLogger, memorySink } from '../log/logger';
import { ApiRegistry, type RegistryChange } from './registry';

let home: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => (home = await tempHome()));
afterEach(() => home.cleanup());

async function registry(): Promise<ApiRegistry> {
  const r = new ApiRegistry(join(home.dir, 'registry.json'), createLogger({ sinks: [memorySink()] }));
  await r.load([builtinRecord(notesPack)]);
  return r;
}

describe('ApiRegistry', () => {
  it('lists built-in APIs and gets them by name', async () => {
    const r = await registry();
    expect(r.listApis().map((a) => a.name)).toEqual(['notes.create', 'notes.purge', 'notes.search']);
    expect(r.getApi('notes.search')?.effects).toBe('read');
    expect(r.getApi('notes.nope')).toBeUndefined();
  });

  it('adds, updates and removes a pack, emitting each change, and is identical after a restart', async () => {
    const r = await registry();
    const changes: RegistryChange[] = [];
    r.onChange((c) => changes.push(c));
    await r.add(jsRecord('weather-pack', 'weather', '1.0.0', ['forecast']));
    await r.replace(jsRecord('weather-pack', 'weather', '1.1.0', ['forecast', 'alerts']));
    await r.add(jsRecord('maps', 'maps', '0.1.0', ['route']));
    expect(changes.map((c) => `${c.kind} ${c.pack}@${c.version}`)).toEqual(['added weather-pack@1.0.0', 'updated weather-pack@1.1.0', 'added maps@0.1.0']);
    const restarted = await registry();
    expect(restarted.listPacks()).toEqual(r.listPacks());
    expect(restarted.listApis({ module: 'weather' }).map((a) => a.name)).toEqual(['weather.alerts', 'weather.forecast']);
    await restarted.remove('maps');
    expect((await registry()).getPack('maps')).toBeUndefined();
  });

  it.each([
    ['a module that shadows a built-in', jsRecord('my-notes', 'notes', '1.0.0', ['x']), 'shadow the built-in'],
    ['an API name another pack provides', { ...jsRecord('w2', 'weather', '1.0.0', ['forecast']) }, 'already used by pack weather-pack'],
    ['no APIs', jsRecord('empty', 'empty', '1.0.0', []), 'declares no APIs'],
    ['an invalid version', jsRecord('v', 'vv', 'one', ['x']), 'not a semantic version'],
    ['duplicate API names', jsRecord('d', 'dup', '1.0.0', ['x', 'x']), 'duplicate API name dup.x'],
    ['a module named like a JavaScript global', jsRecord('g', 'globalThis', '1.0.0', ['x']), 'module globalThis is a name every program already has'],
    ['a module named like the sandbox log', jsRecord('l', 'log', '1.0.0', ['x']), 'module log is a name every program already has'],
    ['a module named JSON', jsRecord('j', 'JSON', '1.0.0', ['x']), 'module JSON is a name every program already has'],
    ['a module reaching prototypes', jsRecord('c', 'constructor', '1.0.0', ['x']), 'module constructor is a name'],
    ['a module another pack uses', jsRecord('w3', 'weather', '1.0.0', ['other']), 'module weather is already used by pack weather-pack'],
    ['an API named constructor', jsRecord('k', 'kk', '1.0.0', ['constructor']), 'API constructor would replace a property every object has'],
    [
      'a schema pattern with nested quantifiers (ReDoS)',
      {
        ...jsRecord('r', 'redos', '1.0.0', ['x']),
        apis: [
          {
            ...jsRecord('r', 'redos', '1.0.0', ['x']).apis[0]!,
            parameters: { type: 'object', properties: { s: { type: 'string', description: 's', pattern: '^(a+)+$' } } },
          },
        ],
      },
      'the schema pattern "^(a+)+$" is refused',
    ],
    [
      'a document that breaks the schema',
      { ...jsRecord('bad', 'bad', '1.0.0', ['x']), apis: [{ ...jsRecord('bad', 'bad', '1.0.0', ['x']).apis[0]!, description: '' }] },
      'bad.x',
    ],
  ])('refuses %s, naming the pack and field, and stays unchanged', async (_what, pack, message) => {
    const r = await registry();
    await r.add(jsRecord('weather-pack', 'weather', '1.0.0', ['forecast']));
    const before = await readFile(join(home.dir, 'registry.json'), 'utf8');
    const error = await r.add(pack).catch((e: Error & { data?: { pack?: string } }) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(message);
    expect((error as Error & { data: { pack: string } }).data.pack).toBe(pack.name);
    expect(await readFile(join(home.dir, 'registry.json'), 'utf8')).toBe(before);
    expect(r.listPacks().map((p) => p.name)).toEqual(['notes', 'weather-pack']);
  });

  it('refuses a downgrade, a duplicate add, and removing a built-in or unknown pack', async () => {
    const r = await registry();
    await r.add(jsRecord('weather-pack', 'weather', '1.2.0', ['forecast']));
    await expect(r.replace(jsRecord('weather-pack', 'weather', '1.1.0', ['forecast']))).rejects.toThrow('older than');
    await expect(r.add(jsRecord('weather-pack', 'weather', '1.3.0', ['forecast']))).rejects.toThrow('already installed');
    await expect(r.remove('notes')).rejects.toThrow('built in');
    await expect(r.remove('ghost')).rejects.toThrow('not installed');
  });

  it('keeps a corrupt registry file aside and starts without installed packs', async () => {
    await writeFile(join(home.dir, 'registry.json'), '{"schemaVersion":1,"packs":[{"name":');
    const r = await registry();
    expect(r.listPacks().map((p) => p.name)).toEqual(['notes']);
    expect((await readdir(home.dir)).some((f) => f.startsWith('registry.json.corrupt-'))).toBe(true);
  });

  it('serialises concurrent changes', async () => {
    const r = await registry();
    await Promise.all(['a', 'b', 'c', 'd'].map((m) => r.add(jsRecord(`pack-${m}`, m, '1.0.0', ['run']))));
    expect((await registry()).listPacks()).toHaveLength(5);
  });
});
