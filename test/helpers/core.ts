import type { PackDefinition } from '../../apis/sdk';
import { createCore, type Core } from '../../electron/core/create-core';
import { memorySink } from '../../electron/core/log/logger';
import { tempHome } from './temp-home';

/** A real core over a temporary data folder, with log records kept in memory for assertions. */
export async function testCore(
  options: { env?: NodeJS.ProcessEnv; packs?: readonly PackDefinition[] } = {},
): Promise<{ core: Core; home: string; logs: ReturnType<typeof memorySink>; close: () => Promise<void> }> {
  const { dir, cleanup } = await tempHome();
  const logs = memorySink();
  const core = await createCore({ host: 'test', home: dir, env: options.env ?? {}, appVersion: '0.0.0-test', logSinks: [logs], packs: options.packs });
  return {
    core,
    home: dir,
    logs,
    close: async () => {
      await core.dispose();
      await cleanup();
    },
  };
}
