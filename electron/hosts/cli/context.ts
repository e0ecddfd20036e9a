import type { Core, CoreOptions } from '../../core/create-core';
import type { SwitchboardBridge } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { appVersion, cliBuildId } from '../package-info';
import type { CliInput } from './ask-yes-no';

/** What every CLI command gets: an output sink and a way to open the core on demand. */
export interface CliContext {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Where questions are answered (default process.stdin). */
  stdin?: CliInput;
  /** Opens the core, runs `fn` with a contract client, and always disposes the core. */
  withCore<T>(
    options: { home?: string; verbose?: boolean; env?: NodeJS.ProcessEnv; prewarmVerifier?: boolean },
    fn: (client: SwitchboardBridge, core: Core) => Promise<T>,
  ): Promise<T>;
}

/** What a composition root may choose for the CLI (tests hand it fixture packs). */
export interface CliOptions {
  packs?: CoreOptions['packs'];
}

export function createCliContext(
  io: { out: (t: string) => void; err: (t: string) => void; env: NodeJS.ProcessEnv; stdin?: CliInput },
  options: CliOptions = {},
): CliContext {
  return {
    ...io,
    async withCore(coreOptions, fn) {
      // Loaded here, not at the top: `--help`, `version` and `packs init` never pay for the core and the packs.
      const [{ createCore }, { createLocalClient }, { loadLocalProvider }, { stderrSink }] = await Promise.all([
        import('../../core/create-core'),
        import('../../core/ipc/local-client'),
        import('../../core/model/local/lazy-loader'),
        import('../../core/log/file-sink'),
      ]);
      const builtinPacks = options.packs ?? (await import('../../../apis')).builtinPacks;
      const core = await createCore({
        host: 'cli',
        home: coreOptions.home,
        env: coreOptions.env ? { ...io.env, ...coreOptions.env } : io.env,
        appVersion: appVersion(),
        packs: builtinPacks,
        // Only the real built-in packs are cached: a test's own packs are derived at every start.
        ...(options.packs ? {} : withBuildId(cliBuildId())),
        localProvider: loadLocalProvider,
        logSinks: coreOptions.verbose ? [stderrSink(io.err)] : [],
        logLevel: coreOptions.verbose ? 'debug' : 'info',
        ...(coreOptions.prewarmVerifier ? { prewarmVerifier: true } : {}),
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

function withBuildId(buildId: string | undefined): { buildId?: string } {
  return buildId ? { buildId } : {};
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
