import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/helpers/temp-home';
import { SAMPLE_DOCS, selectorDoc } from '../../../test/helpers/selector-docs';
import { writeTinyWink } from '../../../test/helpers/word-vectors';
import { createLogger } from '../log/logger';
import type { SelectorDoc } from './documents';
import type { EmbeddingProvider } from './embedder';
import { GloveEmbedder } from './glove-embedder';
import { Selector, type SelectorWarning } from './selector';

/** A provider that can be switched off, to test the fall-back to full-text search. */
class Switchable implements EmbeddingProvider {
  down = false;
  constructor(private readonly inner: EmbeddingProvider) {}
  get id() {
    return this.inner.id;
  }
  get version() {
    return this.inner.version;
  }
  get dimension() {
    return this.inner.dimension;
  }
  embed(texts: readonly string[]) {
    if (this.down) return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:11434'));
    return this.inner.embed(texts);
  }
}

describe('Selector', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let embedder: Switchable;
  let docs: SelectorDoc[];
  let warnings: SelectorWarning[];
  let selector: Selector;
  const open = async (): Promise<Selector> => {
    const s = new Selector({ uri: join(dir, 'index'), embedder, source: () => docs, logger: createLogger({ sinks: [] }), onWarning: (w) => warnings.push(w) });
    await s.start();
    return s;
  };

  beforeEach(async () => {
    ({ dir, cleanup } = await tempHome('switchboard-selector-'));
    embedder = new Switchable(await GloveEmbedder.open(join(dir, 'models'), { source: await writeTinyWink(dir) }));
    docs = [...SAMPLE_DOCS];
    warnings = [];
    selector = await open();
  });
  afterEach(async () => {
    await selector.dispose();
    await cleanup();
  });

  const names = async (query: string, options = {}) => (await selector.search(query, { k: 3, ...options })).results.map((r) => r.name);

  it('finds APIs by words and by related words, and says which signals found them', async () => {
    const result = await selector.search('add a slide to the deck', { k: 3 });
    expect(result.status).toBe('ok');
    expect(result.results[0]!.name).toBe('slides.addSlide');
    expect(result.results[0]!.signals.fullText?.rank).toBe(1);
    expect(result.results[0]!.signals.vector).toBeDefined();
    expect(await names('bill for a payment')).toContain('billing.createInvoice');
  });

  it('answers empty, very long and non-English queries without failing', async () => {
    expect((await selector.search('   ')).results).toEqual([]);
    const long = await selector.search(`send an email ${'lorem ipsum '.repeat(5000)}`);
    expect(long.warnings.map((w) => w.code)).toContain('QUERY_TRUNCATED');
    expect(long.results.map((r) => r.name)).toContain('mail.sendEmail');
    const foreign = await selector.search('добавить слайд 添加幻灯片');
    expect(foreign.warnings.map((w) => w.code)).toContain('NO_KNOWN_WORDS');
    expect(foreign.status).toBe('ok');
  });

  it('filters or boosts by predicted modules and reports unknown ones', async () => {
    expect(await names('add', { modules: ['sheets'], moduleMode: 'filter' })).toEqual(['sheets.addRows']);
    const unknown = await selector.search('add a slide', { modules: ['nosuchmodule'], moduleMode: 'filter' });
    expect(unknown.warnings.map((w) => w.code)).toEqual(['UNKNOWN_MODULE']);
    expect(unknown.results[0]!.name).toBe('slides.addSlide');
    const boosted = await selector.search('add', { k: 3, modules: ['charts'] });
    expect(boosted.results[0]!.name).toBe('charts.addChart');
    expect(boosted.results[0]!.moduleBoost).toBe(true);
  });

  it('falls back to full-text search with a warning event when the embedding provider is down', async () => {
    embedder.down = true;
    const result = await selector.search('send an email message');
    expect(result.status).toBe('degraded');
    expect(result.results[0]!.name).toBe('mail.sendEmail');
    expect(result.results[0]!.signals.vector).toBeUndefined();
    expect(warnings.map((w) => w.code)).toContain('EMBEDDER_UNAVAILABLE');
  });

  it('shows an installed, updated or removed pack in the very next query, also when installed during a query', async () => {
    docs.push(selectorDoc('poll.createPoll', 'Creates a poll survey with voting options.'));
    const during = selector.search('create a poll survey');
    const sync = selector.syncPack('poll-pack');
    await during;
    await sync;
    expect((await names('create a poll survey'))[0]).toBe('poll.createPoll');
    docs = docs.filter((d) => d.pack !== 'poll-pack');
    await selector.syncPack('poll-pack');
    expect(await names('create a poll survey')).not.toContain('poll.createPoll');
  });

  it('rebuilds a corrupt index folder from the source', async () => {
    await selector.dispose();
    const root = join(dir, 'index');
    warnings = [];
    let damaged = 0;
    for (const table of await readdir(root)) {
      for (const sub of await readdir(join(root, table), { recursive: true })) {
        if (String(sub).endsWith('.lance') || String(sub).endsWith('.manifest')) {
          await writeFile(join(root, table, String(sub)), 'garbage');
          damaged++;
        }
      }
    }
    expect(damaged).toBeGreaterThan(0);
    selector = await open();
    expect(warnings.map((w) => w.code)).toContain('INDEX_REBUILT');
    expect((await names('weather forecast'))[0]).toBe('weather.forecast');
  });

  it('learns from feedback: liked APIs rise for new wordings, discarded ones fall, new APIs are not buried', async () => {
    // "make a deck" is ambiguous between adding and titling; feedback says people mean setTitle.
    for (const request of ['make a heading for the slides', 'create a caption on my presentation', 'make the slide heading']) {
      await selector.recordFeedback({ request, apis: ['slides.setTitle'], outcome: 'applied' });
      await selector.recordFeedback({ request, apis: ['slides.deleteSlide'], outcome: 'discarded' });
    }
    const after = await selector.search('make a heading for my deck', { k: 5 });
    expect(after.results[0]!.name).toBe('slides.setTitle');
    expect(after.results[0]!.signals.feedback).toBeDefined();
    const deleted = after.results.find((r) => r.name === 'slides.deleteSlide');
    expect(deleted === undefined || (deleted.penalty ?? 0) > 0).toBe(true);
    // A brand-new API that matches the words still reaches the top results.
    docs.push(selectorDoc('slides.headingStyle', 'Make heading styles for slides: heading font, heading color.'));
    await selector.syncPack('slides-pack');
    expect(await names('make a heading for my deck', { k: 3 })).toContain('slides.headingStyle');
  });
});
