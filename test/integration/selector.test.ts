import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/create-core';
import { createLocalClient } from '../../electron/core/ipc/local-client';
import { convertGloveJson } from '../../electron/core/selector/glove-cache';
import { jsRecord } from '../helpers/pack-records';
import { tempHome } from '../helpers/temp-home';
import { writeTinyCache, writeTinyWink } from '../helpers/word-vectors';

describe('selector in the core', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let env: NodeJS.ProcessEnv;
  const open = (): Promise<Core> => createCore({ host: 'test', home: join(dir, 'home'), env, appVersion: '0.0.0-test' });

  beforeEach(async () => {
    ({ dir, cleanup } = await tempHome('switchboard-selector-core-'));
    const models = join(dir, 'models');
    await mkdir(models, { recursive: true });
    // The packaged form: a ready compact cache in the models folder (no 300 MB JSON needed).
    await writeTinyCache(models, await convertGloveJson(await writeTinyWink(dir)));
    env = { SWITCHBOARD_MODELS_DIR: models };
  });
  afterEach(() => cleanup());

  it('searches over the contract, follows pack installs at once, and persists feedback', async () => {
    let core = await open();
    const client = createLocalClient(core);
    const warnings: string[] = [];
    client.on('selector.warning', (w) => warnings.push(w.code));
    await client.request('events.subscribe', { events: ['selector.warning'] });

    const empty = await client.request('apis.search', { query: 'send an email' });
    expect(empty.ok && empty.value.results).toEqual([]);

    await core.registry.add(jsRecord('mail-pack', 'mail', '1.0.0', ['sendEmail', 'deleteEmail']));
    await core.registry.add(jsRecord('deck-pack', 'deck', '1.0.0', ['addSlide', 'setTitle']));
    const found = await client.request('apis.search', { query: 'sendEmail operation', k: 3 });
    expect(found.ok && found.value.results[0]?.name).toBe('mail.sendEmail');

    const unknown = await client.request('apis.search', { query: 'add slide', modules: ['nope'], moduleMode: 'filter' });
    expect(unknown.ok && unknown.value.warnings.map((w) => w.code)).toEqual(['UNKNOWN_MODULE']);

    const selected = await client.request('apis.select', { steps: [{ query: 'addSlide' }, { query: 'sendEmail' }], k: 2, budgetTokens: 1000 });
    expect(selected.ok && selected.value.toolbox.map((t) => t.name).slice(0, 2)).toEqual(['deck.addSlide', 'mail.sendEmail']);
    // The planner's toolbox entry: module, effects, score, why and the steps that chose it.
    expect(selected.ok && selected.value.toolbox[0]).toMatchObject({
      name: 'deck.addSlide',
      module: 'deck',
      steps: [0],
      why: expect.stringMatching(/^step 1 /),
    });

    const fb = await client.request('apis.feedback', { request: 'mail the weekly report', apis: ['mail.sendEmail', 'no.such'], outcome: 'applied' });
    expect(fb.ok && fb.value.recorded).toBe(1);
    await client.request('apis.feedback', { request: 'mail the weekly report', apis: ['mail.sendEmail'], outcome: 'up' });
    const log = await readFile(join(dir, 'home', 'selector', 'feedback.jsonl'), 'utf8');
    expect(log.trim().split('\n')).toHaveLength(2);
    expect(core.usage.figures('mail-pack').find((f) => f.api === 'mail.sendEmail')).toMatchObject({ applied: 1, thumbsUp: 1 });

    await core.registry.remove('mail-pack');
    const gone = await client.request('apis.search', { query: 'sendEmail operation' });
    expect(gone.ok && gone.value.results.map((r) => r.name)).not.toContain('mail.sendEmail');
    await client.close();
    await core.dispose();

    // A new core replays the persisted feedback into the selector's memory.
    core = await open();
    await core.registry.add(jsRecord('mail-pack', 'mail', '1.0.1', ['sendEmail', 'deleteEmail']));
    const again = await core.selector.search('mail the weekly report', { k: 2 });
    expect(again.results[0]).toMatchObject({ name: 'mail.sendEmail' });
    expect(again.results[0]!.signals.feedback).toBeDefined();
    await core.dispose();
  });
});
