import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../../electron/shared/result';
import { fakeBridge, fakeConnection } from './fakes';
import { createSwitchboardStore } from './index';

describe('models slice: errors land where the person acted', () => {
  it('keeps a failed download on its model, and a retry clears it', async () => {
    let refuse = true;
    const fake = fakeBridge({
      'models.pull': () => (refuse ? fail('UNAVAILABLE', 'downloading http://127.0.0.1/x failed: HTTP 403') : ok({} as never)),
      'models.list': () => ok([]),
    });
    const store = createSwitchboardStore({ bridge: fake.bridge, connection: fakeConnection().connection });
    await store.getState().pullModel('tiny');
    expect(store.getState().pullErrors).toEqual({ tiny: { code: 'UNAVAILABLE', message: 'downloading http://127.0.0.1/x failed: HTTP 403' } });
    expect(store.getState().modelsError).toBeNull();
    expect(store.getState().modelProgress).toEqual({});
    refuse = false;
    await store.getState().pullModel('tiny');
    expect(store.getState().pullErrors).toEqual({});
  });

  it('does not call a cancelled download an error', async () => {
    const fake = fakeBridge({ 'models.pull': () => fail('CANCELLED', 'cancelled'), 'models.list': () => ok([]) });
    const store = createSwitchboardStore({ bridge: fake.bridge, connection: fakeConnection().connection });
    await store.getState().pullModel('tiny');
    expect(store.getState().pullErrors).toEqual({});
  });

  it('keeps a refused key beside the key field, not in the panel banner', async () => {
    const fake = fakeBridge({ 'providers.key.set': () => fail('UNAVAILABLE', 'the secret store is locked') });
    const store = createSwitchboardStore({ bridge: fake.bridge, connection: fakeConnection().connection });
    expect(await store.getState().setProviderKey('openai', 'sk-x')).toBe(false);
    expect(store.getState().keyError).toMatchObject({ message: 'the secret store is locked' });
    expect(store.getState().providersError).toBeNull();
  });
});
