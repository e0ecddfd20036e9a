import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAiServer, type ScriptedOpenAiServer } from '../../../test/helpers/openai-server';
import { haveSharedModels, sharedModel } from '../../../test/helpers/shared-models';
import { tempHome } from '../../../test/helpers/temp-home';
import { defaultSettings, mergeModelSettings } from '../../shared/settings';
import { FileSecretStore, providerKeyName } from '../config/secrets';
import { createLogger } from '../log/logger';
import { ModelManager } from './manager/model-manager';
import { loadLocalProvider } from './local';
import { createProvider } from './provider-factory';

let home: Awaited<ReturnType<typeof tempHome>>;
let server: ScriptedOpenAiServer;
beforeEach(async () => {
  home = await tempHome();
  server = await startOpenAiServer({ apiKey: 'sk-factory-test-0123456789' });
});
afterEach(async () => {
  await server.close();
  await home.cleanup();
});

const logger = createLogger({ sinks: [] });

describe('createProvider', () => {
  it('builds the OpenAI-compatible provider from a preset, the overrides and the stored key', async () => {
    const secrets = new FileSecretStore(join(home.dir, 'secrets.json'));
    await secrets.set(providerKeyName('vllm'), 'sk-factory-test-0123456789');
    const settings = mergeModelSettings(defaultSettings().models, {
      provider: 'openai',
      openai: { preset: 'vllm', baseURL: server.baseURL, models: { planner: 'served-model' } },
    });
    const provider = await createProvider({ settings, offline: true, secrets, manager: new ModelManager({ modelsDir: home.dir, logger }), logger });
    expect(provider.id).toBe('openai');
    expect(provider.capabilities).toMatchObject({ vision: false, jsonSchema: true, embeddings: false });
    server.queueChat({ content: 'ok' });
    expect((await provider.chat({ messages: [{ role: 'user', content: 'hi' }] })).text).toBe('ok');
    expect(server.chatRequests()[0]?.model).toBe('served-model');
  });

  it('streams by default; the stream setting off keeps every call on the plain JSON path', async () => {
    const secrets = new FileSecretStore(join(home.dir, 'secrets.json'));
    await secrets.set(providerKeyName('custom'), 'sk-factory-test-0123456789');
    const base = { provider: 'openai' as const, openai: { preset: 'custom' as const, baseURL: server.baseURL, models: { planner: 'served-model' } } };
    for (const stream of [undefined, false]) {
      const settings = mergeModelSettings(defaultSettings().models, { ...base, openai: { ...base.openai, ...(stream === undefined ? {} : { stream }) } });
      const provider = await createProvider({ settings, offline: true, secrets, manager: new ModelManager({ modelsDir: home.dir, logger }), logger });
      expect(provider.capabilities.streaming).toBe(stream ?? true);
      server.queueChat({ content: 'two words' });
      const pieces: string[] = [];
      expect((await provider.chat({ messages: [{ role: 'user', content: 'hi' }], onToken: (t) => pieces.push(t) })).text).toBe('two words');
      expect(server.chatRequests().at(-1)?.stream ?? false).toBe(stream ?? true);
      expect(pieces).toEqual(stream === false ? [] : ['two ', 'words']);
    }
  });

  it.runIf(haveSharedModels(['llama-2-tiny-random.gguf']))(
    'loads the local provider on demand from a file in the models folder',
    async () => {
      await symlink(sharedModel('llama-2-tiny-random.gguf'), join(home.dir, 'tiny.gguf'));
      const settings = mergeModelSettings(defaultSettings().models, { local: { chatModel: 'tiny.gguf', contextSize: 256 } });
      const provider = await createProvider({
        settings,
        offline: true,
        secrets: new FileSecretStore(join(home.dir, 's.json')),
        manager: new ModelManager({ modelsDir: home.dir, logger }),
        logger,
        loadLocal: loadLocalProvider,
      });
      try {
        expect(provider.id).toBe('local');
        expect(provider.capabilities.tokenizer).toBe(true);
        const result = await provider.chat({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 4 });
        expect(result.usage.completionTokens).toBeGreaterThan(0);
      } finally {
        await provider.dispose();
      }
    },
    60_000,
  );

  it('refuses a local model path that leaves the models folder', async () => {
    const settings = mergeModelSettings(defaultSettings().models, { local: { chatModel: '../../etc/passwd' } });
    await expect(
      createProvider({
        settings,
        offline: true,
        secrets: new FileSecretStore(join(home.dir, 's.json')),
        manager: new ModelManager({ modelsDir: home.dir, logger }),
        logger,
      }),
    ).rejects.toMatchObject({ code: 'NOT_CONFIGURED' });
  });
});
