import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalClient } from '../../electron/core/ipc/local-client';
import type { ModelInfo } from '../../electron/shared/models';
import { testCore } from '../helpers/core';
import { startFileServer, type FileServer } from '../helpers/file-server';
import { startOpenAiServer, type ScriptedOpenAiServer } from '../helpers/openai-server';
import { haveSharedModels, sharedModel } from '../helpers/shared-models';
import { tempHome } from '../helpers/temp-home';

const KEY = 'sk-test-secret-key-0123456789';
const GGUF = 'llama-2-tiny-random.gguf';
const GGUF_SHA256 = '81f226c62d28ed4a1a9b9fa080fcd9f0cc40e0f9d5680036583ff98fbcd035cb';
const ready = haveSharedModels([GGUF]);

let openai: ScriptedOpenAiServer;
let files: FileServer;
let catalogDir: Awaited<ReturnType<typeof tempHome>>;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  openai = await startOpenAiServer({ apiKey: KEY, models: ['qwen2.5:7b-instruct', 'nomic-embed-text'] });
  files = await startFileServer(
    ready
      ? {
          '/tiny.gguf': { file: sharedModel(GGUF) },
          '/bad.gguf': { file: sharedModel(GGUF), corrupt: true },
          '/slow.gguf': { file: sharedModel(GGUF), stallAfterBytes: 200_000 },
        }
      : {},
  );
  catalogDir = await tempHome();
  const entry = (id: string, path: string) => ({
    id,
    kind: 'chat',
    label: id,
    file: `${id}.gguf`,
    url: files.url(path),
    size: 1_750_560,
    sha256: GGUF_SHA256,
    license: 'MIT',
    description: 'test',
  });
  const catalog = join(catalogDir.dir, 'catalog.json');
  await writeFile(catalog, JSON.stringify([entry('tiny', '/tiny.gguf'), entry('bad', '/bad.gguf'), entry('slow', '/slow.gguf')]));
  env = { SWITCHBOARD_MODEL_CATALOG: catalog };
});
afterEach(async () => {
  await openai.close();
  await files.close();
  await catalogDir.cleanup();
});

describe('providers routes', () => {
  it('sets a provider and its key; the key is never returned, written to settings or logged', async () => {
    const { core, home, logs, close } = await testCore({ env });
    const client = createLocalClient(core);
    const outputs: unknown[] = [];
    const call = async <T>(promise: Promise<{ ok: boolean; value?: T; error?: unknown }>): Promise<T> => {
      const result = await promise;
      outputs.push(result);
      expect(result.ok, JSON.stringify(result)).toBe(true);
      return result.value as T;
    };
    try {
      const initial = await call(client.request('providers.list', {}));
      expect(initial).toMatchObject({ settings: { provider: 'local' }, secretStore: 'file' });
      expect(initial.presets.map((p) => p.id)).toEqual(['openai', 'azure', 'ollama', 'lmstudio', 'vllm', 'llamacpp', 'custom']);
      await call(
        client.request('providers.set', {
          provider: 'openai',
          openai: { preset: 'ollama', baseURL: openai.baseURL, models: { planner: 'qwen2.5:7b-instruct' } },
        }),
      );
      expect(await call(client.request('providers.key.set', { preset: 'ollama', key: KEY }))).toEqual({ preset: 'ollama', hasKey: true });
      const state = await call(client.request('providers.list', {}));
      expect(state.keys.ollama).toBe(true);
      expect(state.keys.openai).toBe(false);

      const test = await call(client.request('providers.test', {}));
      expect(test).toMatchObject({ ok: true, provider: 'openai', models: ['qwen2.5:7b-instruct', 'nomic-embed-text'] });
      expect(openai.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);

      // The key is in the 0600 secrets file and nowhere else.
      expect((await stat(join(home, 'secrets.json'))).mode & 0o777).toBe(0o600);
      expect(await readFile(join(home, 'secrets.json'), 'utf8')).toContain(KEY);
      expect(await readFile(join(home, 'settings.json'), 'utf8')).not.toContain(KEY);
      for (const file of await readdir(join(home, 'logs'))) expect(await readFile(join(home, 'logs', file), 'utf8')).not.toContain(KEY);
      expect(JSON.stringify(logs.records)).not.toContain(KEY);
      expect(JSON.stringify(outputs)).not.toContain(KEY);

      // Even a logger handed the key by mistake writes it redacted.
      core.logger.warn(`calling with ${KEY}`, { apiKey: KEY });
      expect(JSON.stringify(logs.records)).not.toContain(KEY);

      expect(await call(client.request('providers.key.clear', { preset: 'ollama' }))).toEqual({ preset: 'ollama', hasKey: false });
      const refused = await call(client.request('providers.test', {}));
      expect(refused).toMatchObject({ ok: false, provider: 'openai' });
      expect(refused.message).toMatch(/refused the key \(401\)/);
    } finally {
      await client.close();
      await close();
    }
  });

  it('explains what is missing: the Azure resource URL, a key, a remote endpoint in offline mode', async () => {
    const { core, close } = await testCore({ env });
    const client = createLocalClient(core);
    try {
      const test = async () => {
        const r = await client.request('providers.test', { provider: 'openai' });
        if (!r.ok) throw new Error(r.error.message);
        return r.value;
      };
      await client.request('providers.set', { openai: { preset: 'azure' } });
      expect((await test()).message).toMatch(/set the base URL for Azure OpenAI/);
      await client.request('providers.set', { openai: { preset: 'openai' } });
      expect((await test()).message).toMatch(/no key is set for OpenAI/);
      await client.request('providers.key.set', { preset: 'openai', key: 'sk-whatever-1234567890' });
      await client.request('settings.set', { privacy: { offline: true } });
      expect((await test()).message).toMatch(/offline mode is on: api.openai.com/);
      const bad = await client.request('providers.set', { openai: { baseURL: 'javascript:alert(1)' } } as never);
      expect(bad.ok).toBe(false);
    } finally {
      await client.close();
      await close();
    }
  });
});

describe.runIf(ready)('models routes', () => {
  it('pulls with progress events, refuses a corrupted file, cancels, removes; the local provider test follows', async () => {
    const { core, close } = await testCore({ env });
    const client = createLocalClient(core);
    try {
      const list = await client.request('models.list', {});
      expect(list.ok && list.value.map((m: ModelInfo) => [m.id, m.installed, m.checksum])).toEqual([
        ['tiny', false, 'sha256'],
        ['bad', false, 'sha256'],
        ['slow', false, 'sha256'],
      ]);
      await client.request('providers.set', { local: { chatModel: 'tiny' } });
      const before = await client.request('providers.test', { provider: 'local' });
      expect(before.ok && before.value.ok).toBe(false);

      const progress: { id: string; received: number }[] = [];
      const off = client.on('models.progress', (p) => progress.push(p));
      const pulled = await client.request('models.pull', { id: 'tiny' });
      off();
      expect(pulled.ok && pulled.value.installed).toBe(true);
      expect(progress.length).toBeGreaterThan(2);
      expect(progress.every((p) => p.id === 'tiny')).toBe(true);
      const after = await client.request('providers.test', { provider: 'local' });
      expect(after.ok && after.value).toMatchObject({ ok: true, models: [join(core.paths.modelsDir, 'tiny.gguf')] });

      const bad = await client.request('models.pull', { id: 'bad' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', data: { reason: 'CHECKSUM_MISMATCH' } } });

      const slow = client.request('models.pull', { id: 'slow' });
      await new Promise<void>((resolve) => {
        const stop = client.on('models.progress', (p) => {
          if (p.id === 'slow') {
            stop();
            resolve();
          }
        });
      });
      expect(await client.request('models.cancel', { id: 'slow' })).toMatchObject({ ok: true, value: { cancelled: true } });
      expect(await slow).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });

      expect(await client.request('models.remove', { id: 'tiny' })).toMatchObject({ ok: true, value: { installed: false } });
      expect(await client.request('models.remove', { id: 'tiny' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      await client.request('settings.set', { privacy: { offline: true } });
      expect(await client.request('models.pull', { id: 'tiny' })).toMatchObject({ ok: false, error: { data: { reason: 'OFFLINE' } } });
    } finally {
      await client.close();
      await close();
    }
  });
});
