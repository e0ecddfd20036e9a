import { describe, expect, it } from 'vitest';
import type { ModelInfo, ProvidersState } from '../../../electron/shared/models';
import { ok } from '../../../electron/shared/result';
import { fakeBridge, fakeConnection } from './fakes';
import { createSwitchboardStore } from './index';
import { SETUP_DONE_KEY } from './onboarding';

const file = (installed: boolean): ModelInfo =>
  ({
    id: 'tiny',
    kind: 'chat',
    label: 'Tiny',
    file: 'tiny.gguf',
    url: 'http://127.0.0.1/tiny.gguf',
    size: 10,
    sizeApprox: false,
    checksum: 'none',
    license: 'MIT',
    description: '',
    installed,
    partialBytes: 0,
    pulling: false,
  }) as ModelInfo;

function providers(provider: 'local' | 'openai'): ProvidersState {
  return { settings: { provider, local: { chatModel: 'tiny' } }, presets: [], keys: {}, secretStore: 'file' } as unknown as ProvidersState;
}

function memory(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), items };
}

async function setupAfterLoad(provider: 'local' | 'openai', installed: boolean, mem = memory()) {
  const bridge = fakeBridge({ 'providers.list': () => ok(providers(provider)), 'models.list': () => ok([file(installed)]) });
  const store = createSwitchboardStore({ bridge: bridge.bridge, connection: fakeConnection().connection, memory: mem });
  await Promise.all([store.getState().loadProviders(), store.getState().loadModelFiles()]);
  store.getState().evaluateSetup();
  return store;
}

describe('onboarding slice', () => {
  it('opens the set-up only when the chosen local model is not downloaded and no endpoint is chosen', async () => {
    expect((await setupAfterLoad('local', false)).getState().setup).toBe('open');
    expect((await setupAfterLoad('local', true)).getState().setup).toBe('closed');
    expect((await setupAfterLoad('openai', false)).getState().setup).toBe('closed');
  });

  it('remembers a skip, so the next window opens on the chat', async () => {
    const mem = memory();
    const store = await setupAfterLoad('local', false, mem);
    store.getState().closeSetup();
    expect(mem.items.get(SETUP_DONE_KEY)).toBe('yes');
    expect((await setupAfterLoad('local', false, mem)).getState().setup).toBe('closed');
  });
});
