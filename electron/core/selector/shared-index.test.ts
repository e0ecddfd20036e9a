import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startS3, type TestS3 } from '../../../test/helpers/s3-server';
import { selectorDoc } from '../../../test/helpers/selector-docs';
import { tempHome } from '../../../test/helpers/temp-home';
import { writeTinyWink } from '../../../test/helpers/word-vectors';
import { createLogger } from '../log/logger';
import type { SelectorDoc } from './documents';
import type { EmbeddingProvider } from './embedder';
import { GloveEmbedder } from './glove-embedder';
import { providerKey } from './embedder';
import { tableNameFor } from './api-index';
import { Selector, type SelectorWarning } from './selector';
import { SharedGenerations } from './shared-generations';

/** One generation's APIs: the same texts under the generation's own module, so every hit says which it came from. */
const generation = (module: string, count = 120): SelectorDoc[] =>
  Array.from({ length: count }, (_, i) =>
    selectorDoc(
      `${module}.op${i}`,
      i % 3 === 0
        ? `Adds slide ${i} to the presentation deck.`
        : i % 3 === 1
          ? `Sends email ${i} with a message.`
          : `Appends rows ${i} to a spreadsheet table.`,
    ),
  );
const ALPHA = generation('alpha');
const BETA = generation('beta');
const quiet = createLogger({ sinks: [] });

describe('selector index shared on S3-compatible storage (s3rver on 127.0.0.1)', () => {
  let s3: TestS3;
  let dir: string;
  let cleanup: () => Promise<void>;
  let embedder: EmbeddingProvider;
  let prefix = 0;
  let uri: string;
  const open: Selector[] = [];

  beforeAll(async () => {
    s3 = await startS3();
    ({ dir, cleanup } = await tempHome('switchboard-shared-index-'));
    embedder = await GloveEmbedder.open(join(dir, 'models'), { source: await writeTinyWink(dir) });
  });
  afterAll(async () => {
    await s3?.close();
    await cleanup?.();
  });
  beforeEach(() => {
    uri = `s3://${s3.bucket}/team-${++prefix}/index`;
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.dispose();
  });

  const instance = async (
    source: () => readonly SelectorDoc[],
    shared: { refreshMs?: number; keepMs?: number },
    warnings: SelectorWarning[] = [],
  ): Promise<Selector> => {
    const s = new Selector({ uri, embedder, source, logger: quiet, storageOptions: s3.storageOptions, shared, onWarning: (w) => warnings.push(w) });
    open.push(s);
    await s.start();
    return s;
  };
  const modulesOf = async (s: Selector): Promise<string[]> => [...new Set((await s.search('add a slide to the deck', { k: 5 })).results.map((r) => r.module))];

  it('s3rver ignores If-None-Match on PUT (LanceDB commits each table version with it); the test front enforces it as S3 does', async () => {
    const put = (endpoint: string, key: string, body: string) =>
      fetch(`${endpoint}/${s3.bucket}/${key}`, { method: 'PUT', body, headers: { 'if-none-match': '*' } }).then((r) => r.status);
    expect([await put(s3.rawEndpoint, 'probe/raw', 'one'), await put(s3.rawEndpoint, 'probe/raw', 'two')]).toEqual([200, 200]);
    expect([await put(s3.endpoint, 'probe/front', 'one'), await put(s3.endpoint, 'probe/front', 'two')]).toEqual([200, 412]);
    expect(await (await fetch(`${s3.endpoint}/${s3.bucket}/probe/front`)).text()).toBe('one');
  });

  it('two instances read one index while one of them rebuilds it: every query sees the old or the new generation, whole', async () => {
    let registry = ALPHA; // the team's registry, as both instances read it
    const a = await instance(() => registry, { refreshMs: 0, keepMs: 60_000 });
    const bWarnings: SelectorWarning[] = [];
    const b = await instance(() => registry, { refreshMs: 0, keepMs: 60_000 }, bWarnings);
    expect(await modulesOf(b)).toEqual(['alpha']);
    expect(bWarnings.map((w) => w.code)).not.toContain('INDEX_REBUILT'); // B opened A's generation, it did not build its own

    registry = BETA;
    let rebuilt = false;
    const rebuild = a.rebuild('a pack changed').then(() => (rebuilt = true));
    const seen: string[][] = [];
    let during = 0;
    const reader = async (s: Selector): Promise<void> => {
      while (!rebuilt) {
        const modules = await modulesOf(s);
        seen.push(modules);
        if (!rebuilt) during++;
      }
    };
    await Promise.all([rebuild, reader(b), reader(a)]);
    seen.push(await modulesOf(b), await modulesOf(a));

    expect(during).toBeGreaterThan(0);
    for (const modules of seen) expect(modules.length === 1 && ['alpha', 'beta'].includes(modules[0]!), `a torn read: ${modules.join(', ')}`).toBe(true);
    expect(seen.at(-2)).toEqual(['beta']); // B followed the pointer to the new generation
    expect(seen.at(-1)).toEqual(['beta']);
    expect(seen.some((m) => m[0] === 'alpha')).toBe(true);
    expect(bWarnings.map((w) => w.code)).not.toContain('INDEX_REBUILT');
    const generations = await new SharedGenerations(uri, s3.storageOptions, { keepMs: 60_000, logger: quiet }).list(tableNameFor(providerKey(embedder)));
    expect(generations).toHaveLength(2); // the old one stays readable for keepMs
  });

  it('a reader whose generation was collected follows the pointer instead of rebuilding', async () => {
    let registry = ALPHA;
    const a = await instance(() => registry, { refreshMs: 0, keepMs: 0 });
    const bWarnings: SelectorWarning[] = [];
    const b = await instance(() => registry, { refreshMs: 3_600_000, keepMs: 0 }, bWarnings);
    expect(await modulesOf(b)).toEqual(['alpha']);
    registry = BETA;
    await a.rebuild('a pack changed');
    const generations = new SharedGenerations(uri, s3.storageOptions, { keepMs: 0, logger: quiet });
    const base = tableNameFor(providerKey(embedder));
    for (let i = 0; i < 100 && (await generations.list(base)).length > 1; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await generations.list(base)).toHaveLength(1);
    expect(await modulesOf(b)).toEqual(['beta']); // its alpha table is gone: the failed query re-read the pointer
    expect(bWarnings.map((w) => w.code)).not.toContain('INDEX_REBUILT');
    expect((await generations.list(base)).map((g) => g.rows)).toEqual([BETA.length]);
  });

  it('two instances rebuilding at once both publish whole generations, and both end on the newest', async () => {
    const a = await instance(() => ALPHA, { refreshMs: 0, keepMs: 60_000 });
    const b = await instance(() => ALPHA, { refreshMs: 0, keepMs: 60_000 });
    await Promise.all([a.rebuild('at once'), b.rebuild('at once')]);
    const base = tableNameFor(providerKey(embedder));
    const list = await new SharedGenerations(uri, s3.storageOptions, { keepMs: 60_000, logger: quiet }).list(base);
    expect(list).toHaveLength(3); // the first build and both rebuilds: no pointer row lost to a racing commit
    expect(list.every((g) => g.rows === ALPHA.length)).toBe(true);
    expect(await modulesOf(a)).toEqual(['alpha']);
    expect(await modulesOf(b)).toEqual(['alpha']);
  });

  it('an instance with fewer APIs than the shared index uses it as it is; one with an API it lacks publishes a new generation', async () => {
    await instance(() => ALPHA, { refreshMs: 0, keepMs: 60_000 });
    const fewer: SelectorWarning[] = [];
    const c = await instance(() => ALPHA.slice(0, 30), { refreshMs: 0, keepMs: 60_000 }, fewer);
    expect(fewer.map((w) => w.code)).not.toContain('INDEX_REBUILT');
    expect((await c.search('add a slide to the deck', { k: 50 })).results.every((r) => Number(r.name.split('op')[1]) < 30)).toBe(true); // only its own APIs
    const more: SelectorWarning[] = [];
    await instance(() => [...ALPHA, selectorDoc('charts.addChart', 'Inserts a chart.')], { refreshMs: 0, keepMs: 60_000 }, more);
    expect(more.map((w) => w.code)).toContain('INDEX_REBUILT');
    expect(await new SharedGenerations(uri, s3.storageOptions, { keepMs: 60_000, logger: quiet }).list(tableNameFor(providerKey(embedder)))).toHaveLength(2);
  });

  it('a pack change publishes a new generation; the other instance picks it up', async () => {
    let registry = ALPHA;
    const a = await instance(() => registry, { refreshMs: 0, keepMs: 60_000 });
    const b = await instance(() => registry, { refreshMs: 0, keepMs: 60_000 });
    registry = [...ALPHA, selectorDoc('charts.addChart', 'Inserts a chart (graph) built from table rows.')];
    await a.syncPack('charts-pack');
    expect((await b.search('insert a chart graph', { k: 3 })).results[0]?.name).toBe('charts.addChart');
  });
});
