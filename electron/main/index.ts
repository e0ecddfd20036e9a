import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, safeStorage, session, shell, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { builtinPacks } from '../../apis';
import { createCore, type Core } from '../core/create-core';
import type { ClientConnection } from '../core/ipc/client-connection';
import { loadLocalProvider } from '../core/model/local/lazy-loader';
import { IPC_CHANNELS } from '../shared/channels';
import { handleIpcCancel, handleIpcRequest, type IpcRouterDeps } from './ipc-router';
import { appSecretStore } from './secret-store';
import { allowsPermission } from './media-permission';
import { appOriginFor, CONTENT_SECURITY_POLICY, isAllowedExternalUrl, isAppUrl, type SenderInfo } from './security';
import { createWindowOptions } from './window-options';

// Thin adapter: windows, IPC wiring and OS hooks. All behaviour lives in core and in the pure
// functions beside this file, which are unit-tested without Electron.

const rendererIndex = join(import.meta.dirname, '../renderer/index.html');
const origin = appOriginFor(rendererIndex, process.env.ELECTRON_RENDERER_URL);
const connections = new Map<number, ClientConnection>();
const deps: IpcRouterDeps = {
  origin,
  appWindowIds: new Set<number>(),
  connectionFor: (id) => connections.get(id),
};

function senderOf(event: IpcMainInvokeEvent | Electron.IpcMainEvent): SenderInfo {
  const frame = event.senderFrame;
  return { frameUrl: frame?.url, isMainFrame: frame !== null && frame.parent === null, webContentsId: event.sender.id };
}

function harden(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, origin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

async function createWindow(core: Core): Promise<void> {
  const dark = core.settings.get().appearance.theme === 'dark';
  const win = new BrowserWindow(createWindowOptions(join(import.meta.dirname, '../preload/index.cjs'), dark));
  const id = win.webContents.id;
  (deps.appWindowIds as Set<number>).add(id);
  connections.set(
    id,
    core.connect(`window-${id}`, (event, payload) => {
      if (!win.isDestroyed()) win.webContents.send(IPC_CHANNELS.event, { event, payload });
    }),
  );
  win.on('closed', () => {
    (deps.appWindowIds as Set<number>).delete(id);
    const connection = connections.get(id);
    connections.delete(id);
    if (connection) void core.disconnect(connection);
  });
  harden(win.webContents);
  win.once('ready-to-show', () => win.show());
  if (origin.devServerUrl) await win.loadURL(origin.devServerUrl);
  else await win.loadFile(rendererIndex);
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) return app.quit();
  await app.whenReady();
  const core = await createCore({
    host: 'electron',
    home: app.getPath('userData'),
    appVersion: app.getVersion(),
    versions: { electron: process.versions.electron, chrome: process.versions.chrome },
    packs: builtinPacks,
    secrets: appSecretStore(app.getPath('userData'), safeStorage),
    localProvider: loadLocalProvider,
  });

  // Every permission is denied except the microphone for push-to-talk on the app's own page.
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback, details) =>
    callback(allowsPermission({ permission, url: contents.getURL(), mediaTypes: 'mediaTypes' in details ? details.mediaTypes : undefined }, origin)),
  );
  session.defaultSession.setPermissionCheckHandler((contents, permission, _origin, details) =>
    allowsPermission({ permission, url: contents?.getURL(), mediaTypes: details.mediaType ? [details.mediaType] : undefined }, origin),
  );
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  app.on('web-contents-created', (_event, contents) => harden(contents));

  ipcMain.handle(IPC_CHANNELS.request, (event, message: unknown) => handleIpcRequest(deps, senderOf(event), message));
  ipcMain.on(IPC_CHANNELS.cancel, (event, message: unknown) => handleIpcCancel(deps, senderOf(event), message));

  await createWindow(core);
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow(core);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => void core.dispose());
}

void main();
