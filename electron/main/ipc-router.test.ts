import { afterEach, describe, expect, it } from 'vitest';
import { testCore } from '../../test/helpers/core';
import type { ClientConnection } from '../core/ipc/client-connection';
import { handleIpcCancel, handleIpcRequest, type IpcRouterDeps } from './ipc-router';
import { appOriginFor } from './security';

let env: Awaited<ReturnType<typeof testCore>> | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const page = 'file:///app/out/renderer/index.html';

async function setup(): Promise<IpcRouterDeps> {
  env = await testCore();
  const connection: ClientConnection = env.core.connect('window-1', () => undefined);
  return {
    origin: appOriginFor('/app/out/renderer/index.html', undefined),
    appWindowIds: new Set([1]),
    connectionFor: (id) => (id === 1 ? connection : undefined),
  };
}

describe('IPC router (main)', () => {
  it('checks the sender, then the frame, then dispatches to core', async () => {
    const deps = await setup();
    const result = await handleIpcRequest(
      deps,
      { frameUrl: page, isMainFrame: true, webContentsId: 1 },
      { type: 'request', id: 1, route: 'chat.send', input: { text: 'hi' } },
    );
    expect(result).toMatchObject({ ok: true, value: { reply: { text: expect.stringMatching(/^No model is set up yet/) } } });
  });

  it('refuses an untrusted sender before looking at the message', async () => {
    const deps = await setup();
    const result = await handleIpcRequest(
      deps,
      { frameUrl: 'https://evil.example/', isMainFrame: true, webContentsId: 1 },
      { type: 'request', id: 1, route: 'app.info', input: {} },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });

  it.each([[null], ['text'], [{ route: 'app.info' }], [{ type: 'request', id: -1, route: 'app.info', input: {} }], [{ type: 'cancel', id: 1 }]])(
    'refuses a malformed message %j',
    async (message) => {
      const deps = await setup();
      const result = await handleIpcRequest(deps, { frameUrl: page, isMainFrame: true, webContentsId: 1 }, message);
      expect(result).toMatchObject({ ok: false, error: { code: 'MALFORMED_MESSAGE' } });
    },
  );

  it('passes contract errors through as typed results', async () => {
    const deps = await setup();
    const sender = { frameUrl: page, isMainFrame: true, webContentsId: 1 };
    expect(await handleIpcRequest(deps, sender, { type: 'request', id: 1, route: 'fs.delete', input: {} })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_ROUTE' },
    });
    expect(await handleIpcRequest(deps, sender, { type: 'request', id: 2, route: 'settings.set', input: { privacy: { offline: 'yes' } } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('answers UNAVAILABLE for a trusted window without a connection, and ignores bad cancels', async () => {
    const deps = await setup();
    const other = { ...deps, appWindowIds: new Set([1, 2]) };
    expect(
      await handleIpcRequest(other, { frameUrl: page, isMainFrame: true, webContentsId: 2 }, { type: 'request', id: 1, route: 'app.info', input: {} }),
    ).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE' },
    });
    expect(() => handleIpcCancel(deps, { frameUrl: 'https://evil.example/', isMainFrame: true, webContentsId: 1 }, { type: 'cancel', id: 1 })).not.toThrow();
    expect(() => handleIpcCancel(deps, { frameUrl: page, isMainFrame: true, webContentsId: 1 }, 'junk')).not.toThrow();
  });
});
