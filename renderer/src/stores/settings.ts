import type { ResultError } from '../../../electron/shared/result';
import type { Settings, SettingsPatch } from '../../../electron/shared/settings';
import { call } from './call';
import type { SliceCreator } from './types';

export interface SettingsSlice {
  /** Null until the first `settings.get` answers. Core owns settings; `settings.changed` keeps this current. */
  settings: Settings | null;
  settingsError: ResultError | null;
  settingsSaving: boolean;
  loadSettings(): Promise<void>;
  updateSettings(patch: SettingsPatch): Promise<void>;
  /** The last refusal of addFolder, shown beside the folder form (cleared by the next attempt). */
  folderError: ResultError | null;
  /** Asks core to grant a folder (core expands `~` and checks it exists); true when it was added. */
  addFolder(path: string): Promise<boolean>;
  receiveSettings(settings: Settings): void;
  dismissSettingsError(): void;
}

export const createSettingsSlice: SliceCreator<SettingsSlice> =
  ({ bridge }) =>
  (set) => {
    // Bumped on every authoritative update, so a slow settings.get cannot overwrite a newer event.
    let revision = 0;
    let saving = 0;

    const accept = (settings: Settings) => {
      revision++;
      set({ settings });
    };

    return {
      settings: null,
      settingsError: null,
      settingsSaving: false,
      folderError: null,

      async loadSettings() {
        const asked = revision;
        const result = await call(bridge, 'settings.get', {});
        if (!result.ok) return set({ settingsError: result.error });
        if (asked === revision) accept(result.value);
      },

      async updateSettings(patch) {
        saving++;
        set({ settingsSaving: true, settingsError: null });
        const result = await call(bridge, 'settings.set', patch);
        saving--;
        if (result.ok) accept(result.value);
        set({ settingsSaving: saving > 0, ...(result.ok ? {} : { settingsError: result.error }) });
      },

      async addFolder(path) {
        set({ folderError: null });
        const result = await call(bridge, 'workspace.folders.add', { path });
        if (!result.ok) {
          set({ folderError: result.error });
          return false;
        }
        accept(result.value);
        return true;
      },

      receiveSettings: accept,

      dismissSettingsError: () => set({ settingsError: null }),
    };
  };
