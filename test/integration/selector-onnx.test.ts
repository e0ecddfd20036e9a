import { cp, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/create-core';
import { createLocalClient } from '../../electron/core/ipc/local-client';
import { jsRecord } from '../helpers/pack-records';
import { tempHome } from '../helpers/temp-home';

// The ONNX embedder inside the core, on the generated tiny BERT (test/fixtures/onnx-embedder).
describe('selector with the ONNX embedder', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let models: string;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempHome('switchboard-selector-onnx-'));
    models = join(dir, 'models');
    await mkdir(models, { recursive: true });
  });
  afterEach(() => cleanup());

  const open = (env: NodeJS.ProcessEnv): Promise<Core> =>
    createCore({
      host: 'test',
      home: join(dir, 'home'),
      env: { SWITCHBOARD_MODELS_DIR: models, SWITCHBOARD_EMBEDDER: 'onnx', ...env },
      appVersion: '0.0.0-test',
    });

  it('builds a LanceDB index on disk with the model from the models folder and answers searches', async () => {
    await cp(join(__dirname, '../fixtures/onnx-embedder/tiny-bert'), join(models, 'tiny-bert'), { recursive: true });
    const core = await open({ SWITCHBOARD_ONNX_MODEL: 'tiny-bert' });
    const client = createLocalClient(core);
    const warnings: string[] = [];
    client.on('selector.warning', (w) => warnings.push(w.code));
    await client.request('events.subscribe', { events: ['selector.warning'] });

    await core.registry.add(jsRecord('mail-pack', 'mail', '1.0.0', ['sendEmail', 'deleteEmail']));
    await core.registry.add(jsRecord('deck-pack', 'deck', '1.0.0', ['addSlide', 'setTitle']));
    const found = await client.request('apis.search', { query: 'sendEmail operation', k: 4 });
    expect(found.ok).toBe(true);
    if (!found.ok) return;
    expect(found.value.results[0]?.name).toBe('mail.sendEmail');
    expect(found.value.results).toHaveLength(4);
    // The vector signal took part: the ONNX model embedded the query and the documents.
    expect(found.value.results.some((r) => r.signals.vector !== undefined)).toBe(true);
    expect(warnings).not.toContain('EMBEDDER_UNAVAILABLE');
    const tables = await readdir(join(dir, 'home', 'selector', 'index'));
    // The table is keyed by the model and a hash of its weights: a changed model file gets a new index.
    expect(tables.some((name) => /^apis_v\d+_onnx_tiny_bert_fp32_[0-9a-f]{16}_32_g\d+\.lance$/.test(name))).toBe(true);
    await client.close();
    await core.dispose();
  });

  it('falls back to full-text search with a selector.warning when the model folder is missing', async () => {
    const core = await open({});
    const client = createLocalClient(core);
    const warnings: { code: string; message: string }[] = [];
    client.on('selector.warning', (w) => warnings.push(w));
    await client.request('events.subscribe', { events: ['selector.warning'] });

    await core.registry.add(jsRecord('mail-pack', 'mail', '1.0.0', ['sendEmail', 'deleteEmail']));
    const found = await client.request('apis.search', { query: 'sendEmail', k: 2 });
    expect(found.ok && found.value.results[0]?.name).toBe('mail.sendEmail');
    expect(found.ok && found.value.warnings.map((w) => w.code)).toContain('EMBEDDER_UNAVAILABLE');
    expect(warnings[0]).toMatchObject({ code: 'EMBEDDER_UNAVAILABLE' });
    expect(warnings[0]!.message).toMatch(/all-MiniLM-L6-v2 does not exist/);
    await client.close();
    await core.dispose();
  });

  it('switches to the model once it is installed, without a restart: full text until then, vectors after', async () => {
    const core = await open({ SWITCHBOARD_ONNX_MODEL: 'tiny-bert' });
    const client = createLocalClient(core);
    await core.registry.add(jsRecord('mail-pack', 'mail', '1.0.0', ['sendEmail', 'deleteEmail']));
    const before = await client.request('apis.search', { query: 'sendEmail operation', k: 2 });
    expect(before.ok && before.value.status).toBe('degraded');
    expect(before.ok && before.value.results.every((r) => r.signals.vector === undefined)).toBe(true);
    // Still missing: a retry changes nothing.
    expect(await core.selector.reopenEmbedder()).toBe(false);
    await client.request('apis.feedback', { request: 'mail the weekly report', apis: ['mail.sendEmail'], outcome: 'applied' });

    await cp(join(__dirname, '../fixtures/onnx-embedder/tiny-bert'), join(models, 'tiny-bert'), { recursive: true });
    expect(await core.selector.reopenEmbedder()).toBe(true);
    const after = await client.request('apis.search', { query: 'sendEmail operation', k: 2 });
    expect(after.ok && after.value.status).toBe('ok');
    expect(after.ok && after.value.results[0]?.name).toBe('mail.sendEmail');
    expect(after.ok && after.value.results.some((r) => r.signals.vector !== undefined)).toBe(true);
    // The feedback recorded before the switch was replayed into the new selector.
    expect((await core.selector.selector()).memory.size).toBe(1);
    // Installed packs keep following the new selector.
    await core.registry.add(jsRecord('deck-pack', 'deck', '1.0.0', ['addSlide']));
    const deck = await client.request('apis.search', { query: 'addSlide', k: 1 });
    expect(deck.ok && deck.value.results[0]?.name).toBe('deck.addSlide');
    await client.close();
    await core.dispose();
  });
});
