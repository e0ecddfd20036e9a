import type { Handlers } from '../../shared/contract';
import type { SettingsStore } from './settings-store';
import { workspaceHandlers } from './workspace-folders';

/** settings.get, settings.set and the workspace-folder routes over the one settings store. */
export function settingsHandlers(settings: SettingsStore, home: string | undefined): Pick<Handlers, 'settings.get' | 'settings.set' | 'workspace.folders.add'> {
  return {
    'settings.get': async () => settings.get(),
    'settings.set': async (patch) => settings.set(patch),
    // `~` in a folder path is the person's home: the core's HOME when given (tests give one), else the OS's.
    ...workspaceHandlers(settings, home),
  };
}
