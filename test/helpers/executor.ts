import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { PackDefinition } from '../../apis/sdk';
import { createCore, type Core } from '../../electron/core/create-core';
import type { RunEvent } from '../../electron/core/executor';
import { memorySink } from '../../electron/core/log/logger';
import { filesPack } from '../fixtures/builtin/files-pack';
import { notesPack } from '../fixtures/builtin/notes-pack';
import { tempHome } from './temp-home';

/** A real core with the executor's fixture packs over a temporary data folder, and one granted root. */
export async function executorCore(
  packs: readonly PackDefinition[] = [filesPack, notesPack],
): Promise<{ core: Core; root: string; dir: string; close: () => Promise<void> }> {
  const { dir, cleanup } = await tempHome('switchboard-exec-');
  const root = join(dir, 'root');
  await mkdir(root, { recursive: true });
  const core = await createCore({ host: 'test', home: join(dir, 'home'), env: {}, appVersion: '0.0.0-test', packs, logSinks: [memorySink()] });
  return {
    core,
    root,
    dir,
    close: async () => {
      await core.dispose();
      await cleanup();
    },
  };
}

/** Every entry under `dir` with a hash of its bytes (links by their text): equal maps mean nothing changed. */
export async function hashTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (folder: string, prefix: string): Promise<void> => {
    for (const name of (await readdir(folder)).sort()) {
      const path = join(folder, name);
      const info = await lstat(path);
      const key = `${prefix}${name}`;
      if (info.isSymbolicLink()) out[key] = `link:${await readlink(path)}`;
      else if (info.isDirectory()) {
        out[`${key}/`] = 'dir';
        await walk(path, `${key}/`);
      } else
        out[key] = createHash('sha256')
          .update(await readFile(path))
          .digest('hex');
    }
  };
  await walk(dir, '');
  return out;
}

/** Collects a run's events; `types()` lists their names in order. */
export function eventLog(): { events: RunEvent[]; onEvent: (e: RunEvent) => void; types: () => string[] } {
  const events: RunEvent[] = [];
  return { events, onEvent: (e) => void events.push(e), types: () => events.map((e) => e.type) };
}
