import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/helpers/temp-home';
import { writeTinyWink } from '../../../test/helpers/word-vectors';
import { dot } from './embedder';
import { buildCacheInWorker, convertGloveJson, decodeCache, encodeCache, GLOVE_CACHE_FILE, loadGloveCache } from './glove-cache';
import { GloveEmbedder } from './glove-embedder';

describe('GloVe word-vector cache', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempHome('switchboard-glove-')));
  afterEach(() => cleanup());

  it('converts the package JSON once into a checksummed binary that round-trips', async () => {
    const source = await writeTinyWink(dir);
    const wv = await convertGloveJson(source);
    expect(wv.dims).toBe(8);
    expect(wv.words[0]).toBe('the');
    const back = decodeCache(encodeCache(wv));
    expect(back.words.list()).toEqual(wv.words);
    wv.words.forEach((w, i) => expect(back.words.slot(w)).toBe(i));
    expect(back.words.slot('no-such-word')).toBe(-1);
    expect([...back.vectors]).toEqual([...wv.vectors]);
    expect([...back.scales]).toEqual([...wv.scales]);
  });

  it('builds the cache when missing, reuses it, and rebuilds a corrupt one', async () => {
    const source = await writeTinyWink(dir);
    const file = join(dir, 'models', GLOVE_CACHE_FILE);
    const builds: string[] = [];
    await loadGloveCache(file, { source, onBuild: (r) => builds.push(r) });
    expect(builds).toEqual(['missing']);
    const first = await stat(file);
    await loadGloveCache(file, { source, onBuild: (r) => builds.push(r) });
    expect(builds).toHaveLength(1);
    expect((await stat(file)).mtimeMs).toBe(first.mtimeMs);

    const bytes = await readFile(file);
    bytes[bytes.length - 40] ^= 0xff;
    await writeFile(file, bytes);
    const wv = await loadGloveCache(file, { source, onBuild: (r) => builds.push(r) });
    expect(builds[1]).toMatch(/checksum/);
    expect(wv.words.has('slide')).toBe(true);
    expect(decodeCache(await readFile(file)).words.list()).toEqual(wv.words.list());
  });

  it('builds in a worker thread that a closing core can cancel', async () => {
    const source = await writeTinyWink(dir);
    expect(decodeCache(await buildCacheInWorker(source)).words.has('slide')).toBe(true);
    const cancel = new AbortController();
    const building = buildCacheInWorker(source, undefined, cancel.signal);
    cancel.abort();
    await expect(building).rejects.toThrow(/cancelled/);
    await expect(buildCacheInWorker(join(dir, 'nope.json'))).rejects.toThrow(/word-vector cache build failed/);
  });

  it('embeds sentences with SIF weights: related wordings are closer than unrelated ones, camelCase is split', async () => {
    const source = await writeTinyWink(dir);
    const embedder = await GloveEmbedder.open(join(dir, 'models'), { source });
    const [a, b, c, d, zero] = await embedder.embed([
      'add a slide to the deck',
      'insert a new presentation slide',
      'weather forecast with rain',
      'pptx.addSlide',
      'Привет мир',
    ]);
    expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!));
    expect(dot(d!, a!)).toBeGreaterThan(dot(d!, c!));
    expect(embedder.known('addSlide')).toEqual(['add', 'slide']);
    expect([...zero!].every((x) => x === 0)).toBe(true);
  });
});
