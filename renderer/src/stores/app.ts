import type { AppInfo } from '../../../electron/shared/contract';
import type { ResultError } from '../../../electron/shared/result';
import type { ConnectionState } from '../ipc/connection';
import { RUN_EVENT_NAMES as RUN_EVENTS } from '../../../electron/shared/run';
import { turnEventNames } from '../../../electron/shared/turn';
import { call } from './call';
import type { SliceCreator } from './types';

export type Page = 'chat' | 'apis' | 'settings';

/** Settings is in panels, one shown at a time; each has its own address (`#settings/models`). */
export const SETTINGS_PANELS = ['folders', 'models', 'voice', 'packs', 'privacy', 'appearance', 'about'] as const;
export type SettingsPanel = (typeof SETTINGS_PANELS)[number];

export interface AppSlice {
  page: Page;
  connection: ConnectionState;
  info: AppInfo | null;
  infoError: ResultError | null;
  settingsPanel: SettingsPanel;
  setPage(page: Page): void;
  /** Opens Settings on one panel. */
  openSettings(panel: SettingsPanel): void;
  loadInfo(): Promise<void>;
  retryConnection(): void;
  /**
   * Wires the store to core: event listeners, connection status, and a refresh of server-owned state
   * whenever a connection opens. Returns the function that undoes it.
   */
  start(): () => void;
}

export const createAppSlice: SliceCreator<AppSlice> =
  ({ bridge, connection }) =>
  (set, get) => ({
    page: 'chat',
    settingsPanel: 'folders',
    connection: connection.getState(),
    info: null,
    infoError: null,

    setPage: (page) => set({ page }),
    openSettings: (settingsPanel) => set({ page: 'settings', settingsPanel }),

    async loadInfo() {
      const result = await call(bridge, 'app.info', {});
      set(result.ok ? { info: result.value, infoError: null } : { infoError: result.error });
    },

    retryConnection: () => connection.retryNow(),

    start() {
      const refresh = () => {
        void get().loadSettings();
        void get().loadInfo();
        void get().loadPacks();
        void get().loadApis();
        void get().loadConversations();
        void Promise.all([get().loadProviders(), get().loadModelFiles()]).then(() => get().evaluateSetup());
      };
      const stops = [
        bridge.on('chat.message', (message) => get().receiveMessage(message)),
        bridge.on('settings.changed', (settings) => get().receiveSettings(settings)),
        bridge.on('registry.changed', (change) => get().receiveRegistryChange(change)),
        bridge.on('conversations.changed', (change) => get().receiveConversationChange(change)),
        bridge.on('models.progress', (progress) => get().receiveModelProgress(progress)),
        ...RUN_EVENTS.map((name) => bridge.on(name, (payload) => get().receiveRunEvent(name, payload))),
        ...turnEventNames.map((name) => bridge.on(name, (payload) => get().receiveTurnEvent(name, payload))),
        connection.subscribe((state) => {
          const wasOpen = get().connection.status === 'open';
          set({ connection: state });
          if (state.status === 'open' && !wasOpen) refresh();
        }),
      ];
      set({ connection: connection.getState() });
      if (connection.getState().status === 'open') refresh();
      return () => {
        for (const stop of stops) stop();
      };
    },
  });
