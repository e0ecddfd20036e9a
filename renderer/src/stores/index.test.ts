import { describe, expect, it } from 'vitest';
import type { AppInfo, ChatMessage, RouteOutput, SwitchboardBridge } from '../../../electron/shared/contract';
import { fail, ok, type Result } from '../../../electron/shared/result';
import { defaultSettings, type Settings } from '../../../electron/shared/settings';
import { fakeBridge, fakeConnection } from './fakes';
import { createSwitchboardStore } from './index';

const info: AppInfo = {
  name: 'Switchboard',
  version: '1.2.3',
  host: 'web',
  platform: 'linux',
  arch: 'x64',
  versions: { node: '20' },
  paths: { home: '/tmp/home', settings: '/tmp/home/settings.json', logs: '/tmp/home/logs' },
};

function msg(id: string, role: ChatMessage['role'], text: string): ChatMessage {
  return { id, conversationId: 'c1', role, text, createdAt: '2025-01-01T00:00:00.000Z' };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('chat slice', () => {
  it('adds messages from events and confirms them from the reply without duplicates', async () => {
    const user = msg('u1', 'user', 'hello');
    const reply = msg('a1', 'assistant', 'Echo: hello');
    const fake = fakeBridge({
      'chat.send': () => {
        fake.emit('chat.message', user);
        fake.emit('chat.message', reply);
        return ok({ conversationId: 'c1', message: user, reply });
      },
    });
    const store = createSwitchboardStore({ bridge: fake.bridge, connection: fakeConnection('connecting').connection });
    store.getState().start();
    store.getState().setDraft('hello');
    await store.getState().sendDraft();
    expect(store.getState()).toMatchObject({ messages: [user, reply], draft: '', sending: false, sendError: null, conversationId: 'c1' });
    expect(fake.calls).toEqual([{ route: 'chat.send', input: { text: 'hello' } }]);

    store.getState().setDraft('again');
    await store.getState().sendDraft();
    expect(fake.calls[1]).toEqual({ route: 'chat.send', input: { conversationId: 'c1', text: 'again' } });
  });

  it('shows sending while the request is in flight and ignores a second send', async () => {
    const pending = deferred<Result<RouteOutput<'chat.send'>>>();
    const fake = fakeBridge({ 'chat.send': () => pending.promise });
    const store = createSwitchboardStore({ bridge: fake.bridge, connection: fakeConnection().connection });
    store.getState().setDraft('hi');
    const sent = store.getState().sendDraft();
    expect(store.getState().sending).toBe(true);
    await store.getState().sendDraft();
    expect(fake.calls).toHaveLength(1);
    pending.resolve(ok({ conversationId: 'c1', message: msg('u', 'user', 'hi'), reply: msg('a', 'assistant', 'Echo: hi') }));
    await sent;
    expect(store.getState().sending).toBe(false);
  });

  it('keeps the typed text and exposes the error when the send fails', async () => {
    const fake = fakeBridge({ 'chat.send': () => fail('UNAVAILABLE', 'the connection to Switchboard was lost') });
    const store = createSwitchboardStore({ bridge: fake.bridge, connection: fakeConnection().connection });
    store.getState().setDraft('keep me');
    await store.getState().sendDraft();
    expect(store.getState()).toMatchObject({
      draft: 'keep me',
      sending: false,
      sendError: { code: 'UNAVAILABLE', message: 'the connection to Switchboard was lost' },
      messages: [],
    });
    store.getState().dismissSendError();
    expect(store.getState().sendError).toBeNull();
  });

  it('turns a throwing bridge into an error, not an unhandled rejection', async () => {
    const bridge: SwitchboardBridge = { request: () => Promise.reject(new Error('ipc broke')), on: () => () => {} };
    const store = createSwitchboardStore({ bridge, connection: fakeConnection().connection });
    store.getState().setDraft('x');
    await store.getState().sendDraft();
    expect(store.getState().sendError).toMatchObject({ code: 'INTERNAL', message: 'chat.send failed: ipc broke' });
  });

  it('does not send blank drafts', async () => {
    const fake = fakeBridge({});
    const store = createSwitchboardStore({ bridge: fake.bridge, connection: fakeConnection().connection });
    store.getState().setDraft('  \n ');
    await store.getState().sendDraft();
    expect(fake.calls).toEqual([]);
  });
});

describe('settings slice', () => {
  const dark: Settings = { ...defaultSettings(), appearance: { theme: 'dark' } };

  it('saves through settings.set and takes the reply as the new state', async () => {
    const fake = fakeBridge({ 'settings.set': () => ok(dark) });
    const store = createSwitchboardStore({ bridge: fake.bridge, connection: fakeConnection().connection });
    await store.getState().updateSettings({ appearance: { theme: 'dark' } });
    expect(fake.calls).toEqual([{ route: 'settings.set', input: { appearance: { theme: 'dark' } } }]);
    expect(store.getState()).toMatchObject({ settings: dark, settingsSaving: false, settingsError: null });
  });

  it('keeps the previous settings and reports the error when saving fails', async () => {
    const fake = fakeBridge({ 'settings.get': () => ok(defaultSettings()), 'settings.set': () => fail('INTERNAL', 'disk full') });
    const store = createSwitchboardStore({ bridge: fake.bridge, connection: fakeConnection().connection });
    await store.getState().loadSettings();
    await store.getState().updateSettings({ privacy: { offline: true } });
    expect(store.getState()).toMatchObject({ settings: defaultSettings(), settingsError: { message: 'disk full' } });
  });

  it('does not let a slow settings.get overwrite a newer settings.changed event', async () => {
    const slow = deferred<Result<Settings>>();
    const fake = fakeBridge({ 'settings.get': () => slow.promise });
    const store = createSwitchboardStore({ bridge: fake.bridge, connection: fakeConnection('connecting').connection });
    store.getState().start();
    const loading = store.getState().loadSettings();
    fake.emit('settings.changed', dark);
    slow.resolve(ok(defaultSettings()));
    await loading;
    expect(store.getState().settings).toEqual(dark);
  });
});

describe('app slice', () => {
  it('loads settings and app info whenever a connection opens, and follows the connection state', async () => {
    const fake = fakeBridge({ 'settings.get': () => ok(defaultSettings()), 'app.info': () => ok(info) });
    const conn = fakeConnection('connecting');
    const store = createSwitchboardStore({ bridge: fake.bridge, connection: conn.connection });
    const stop = store.getState().start();
    expect(fake.calls).toEqual([]);
    conn.move('open');
    await Promise.resolve();
    expect(fake.calls.map((c) => c.route).sort()).toEqual([
      'apis.list',
      'app.info',
      'conversations.list',
      'models.list',
      'packs.list',
      'providers.list',
      'settings.get',
    ]);
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState()).toMatchObject({ info, settings: defaultSettings(), connection: { status: 'open' } });

    conn.move('reconnecting');
    expect(store.getState().connection.status).toBe('reconnecting');
    conn.move('open');
    expect(fake.calls).toHaveLength(14);

    stop();
    expect(fake.listenerCount()).toBe(0);
  });

  it('loads at once when the bridge is already connected (Electron)', () => {
    const fake = fakeBridge({ 'settings.get': () => ok(defaultSettings()), 'app.info': () => ok(info) });
    const store = createSwitchboardStore({ bridge: fake.bridge, connection: fakeConnection('open').connection });
    store.getState().start();
    expect(fake.calls.map((c) => c.route).sort()).toEqual([
      'apis.list',
      'app.info',
      'conversations.list',
      'models.list',
      'packs.list',
      'providers.list',
      'settings.get',
    ]);
  });

  it('navigates and retries the connection', () => {
    const conn = fakeConnection('unreachable');
    const store = createSwitchboardStore({ bridge: fakeBridge({}).bridge, connection: conn.connection });
    store.getState().setPage('settings');
    expect(store.getState().page).toBe('settings');
    store.getState().retryConnection();
    expect(conn.retries()).toBe(1);
  });
});
