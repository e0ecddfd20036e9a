import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, normalize } from 'node:path';
import type { Handlers } from '../../shared/contract';
import { AppError } from '../../shared/result';
import type { SettingsStore } from './settings-store';

/** `~` and `~/x` become the home folder and home/x; anything else is left as typed. */
export function expandHome(path: string, home: string = homedir()): string {
  if (path === '~') return home;
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(home, path.slice(2));
  return path;
}

/** The folder as it will be stored (absolute, normalised, no trailing separator), or an error in a sentence. */
export async function checkFolder(typed: string, home: string = homedir()): Promise<string> {
  const expanded = expandHome(typed.trim(), home);
  if (!isAbsolute(expanded))
    throw new AppError('INVALID_INPUT', `"${typed}" is not a full path. Start it with / (or ~ for your home folder), for example ~/Documents.`);
  const folder = normalize(expanded).replace(/(.)[\\/]+$/, '$1');
  const found = await stat(folder).catch(() => undefined);
  if (!found) throw new AppError('NOT_FOUND', `There is no folder at ${folder}. Check the spelling, or create the folder first.`);
  if (!found.isDirectory()) throw new AppError('INVALID_INPUT', `${folder} is a file, not a folder. Choose the folder that holds it.`);
  return folder;
}

/** The workspace routes: a folder is granted only once core has seen that it exists. */
export function workspaceHandlers(settings: SettingsStore, home?: string): Pick<Handlers, 'workspace.folders.add'> {
  return {
    'workspace.folders.add': async ({ path }) => {
      const folder = await checkFolder(path, home);
      const folders = settings.get().workspace.folders;
      if (folders.includes(folder)) throw new AppError('ALREADY_EXISTS', `${folder} is already in the list.`);
      if (folders.length >= 32) throw new AppError('INVALID_INPUT', 'Switchboard can use at most 32 folders. Remove one first.');
      return settings.set({ workspace: { folders: [...folders, folder] } });
    },
  };
}
