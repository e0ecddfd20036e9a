import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/create-core';
import { createLocalClient } from '../../electron/core/ipc/local-client';
import { GLOVE_CACHE_FILE } from '../../electron/core/selector/glove-cache';
import { jsRecord } from '../helpers/pack-records';
import { tempHome } from '../helpers/temp-home';

const exists = (file: string): Promise<boolean> =>
  access(file).then(
    () => true,
    () => false,
  );

// The first start has no word-vector cache: it is built from the real wink package (300 MB of JSON,
// seconds of CPU) in a worker thread while the core keeps answering searches by full text.
describe('selector while the word-vector cache is built', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core | undefined;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempHome('switchboard-selector-pending-'));
  });
  afterEach(async () => {
    await core?.dispose();
    await cleanup();
  });

  it('answers by full text with a warning event during the build, then uses vectors', async () => {
    const models = join(dir, 'models');
    core = await createCore({ host: 'test', home: join(dir, 'home'), env: { SWITCHBOARD_MODELS_DIR: models }, appVersion: '0.0.0-test' });
    const client = createLocalClient(core);
    const warnings: { code: string; message: string }[] = [];
    client.on('selector.warning', (w) => warnings.push(w));
    await client.request('events.subscribe', { events: ['selector.warning'] });
    await core.registry.add(jsRecord('mail-pack', 'mail', '1.0.0', ['sendEmail', 'deleteEmail']));
    await core.registry.add(jsRecord('deck-pack', 'deck', '1.0.0', ['addSlide', 'setTitle']));

    const during = await client.request('apis.search', { query: 'sendEmail operation', k: 3 });
    // The search has returned and the cache is not written yet: the build did not hold the core up.
    expect(await exists(join(models, GLOVE_CACHE_FILE))).toBe(false);
    expect(during.ok).toBe(true);
    if (!during.ok) return;
    expect(during.value.status).toBe('degraded');
    expect(during.value.results[0]).toMatchObject({ name: 'mail.sendEmail' });
    expect(during.value.results[0]!.signals.fullText).toBeDefined();
    expect(during.value.results[0]!.signals.vector).toBeUndefined();
    expect(during.value.warnings.map((w) => w.code)).toContain('EMBEDDER_UNAVAILABLE');
    expect(warnings.some((w) => w.code === 'EMBEDDER_UNAVAILABLE' && /preparing the word vectors/.test(w.message))).toBe(true);

    // When the worker is done the index is rebuilt with vectors (INDEX_REBUILT) and searches use them.
    while (!warnings.some((w) => w.code === 'INDEX_REBUILT' && /word vectors are ready/.test(w.message))) await new Promise((r) => setTimeout(r, 200));
    expect(await exists(join(models, GLOVE_CACHE_FILE))).toBe(true);
    const after = await client.request('apis.search', { query: 'send an email message', k: 3 });
    expect(after.ok && after.value.status).toBe('ok');
    expect(after.ok && after.value.results.find((r) => r.name === 'mail.sendEmail')?.signals.vector).toBeDefined();
    await client.close();
  }, 240_000);
});
