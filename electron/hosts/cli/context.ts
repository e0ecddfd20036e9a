import { builtinPacks } from '../../../apis';
import { createCore, type Core, type CoreOptions } from '../../core/create-core';
import { createLocalClient } from '../../core/ipc/local-client';
import { loadLocalProvider } from '../../core/model/local/lazy-loader';
import { stderrSink } from '../../core/log/file-sink';
import type { SwitchboardBridge } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { appVersion } from '../package-info';

/** What every CLI command gets: an output sink and a way to open the core on demand. */
export interface CliContext {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Opens the core, runs `fn` with a contract client, and always disposes the core. */
  withCore<T>(options: { home?: string; verbose?: boolean; env?: NodeJS.ProcessEnv }, fn: (client: SwitchboardBridge, core: Core) => Promise<T>): Promise<T>;
}

/** What a composition root may choose for the CLI (tests hand it fixture packs). */
export interface CliOptions {
  packs?: CoreOptions['packs'];
}

export function createCliContext(io: { out: (t: string) => void; err: (t: string) => void; env: NodeJS.ProcessEnv }, options: CliOptions = {}): CliContext {
  return {
    ...io,
    async withCore(coreOptions, fn) {
      const core = await createCore({
        host: 'cli',
        home: coreOptions.home,
        env: coreOptions.env ? { ...io.env, ...coreOptions.env } : io.env,
        appVersion: appVersion(),
        packs: options.packs ?? builtinPacks,
        localProvider: loadLocalProvider,
        logSinks: coreOptions.verbose ? [stderrSink()] : [],
        logLevel: coreOptions.verbose ? 'debug' : 'info',
      });
      const client = createLocalClient(core);
      try {
        return await fn(client, core);
      } finally {
        await client.close();
        await core.dispose();
      }
    },
  };
}

/** Thrown by commands to end with a message and an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Unwraps a contract result or throws a CliError with its code and message. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new CliError(`${result.error.code}: ${result.error.message}`);
}
