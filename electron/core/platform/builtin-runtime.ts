import { ApiError, packDocuments, type ApiContext, type ApiDocument, type PackDefinition, type PackSettings, type StagingWorkspace } from '../../../apis/sdk';
import type { Logger } from '../log/logger';
import type { PackRecord } from './pack-record';
import type { CallOptions, CallOutcome, PackRuntime } from './pack-runtime';
import { errorMessage } from '../../shared/errors';

/** The registry record of a built-in pack; `documents` are its API documents when already derived (pack-documents-cache.ts). */
export function builtinPackRecord(pack: PackDefinition, now: Date, documents?: ApiDocument[]): PackRecord {
  return {
    name: pack.name,
    module: pack.name,
    version: pack.version,
    description: pack.description,
    kind: 'builtin',
    source: { kind: 'builtin' },
    permissions: { folders: pack.permissions?.folders ?? [], hosts: pack.permissions?.hosts ?? [] },
    installedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    apis: documents ?? packDocuments(pack),
  };
}

/** Runs a trusted built-in pack in process; its zod schemas validate the arguments once more. */
export function builtinRuntime(pack: PackDefinition, logger: Logger, settings?: PackSettings): PackRuntime {
  const apis = new Map(pack.apis.map((api) => [api.name, api]));
  return {
    async call(verb: string, args: unknown, options: CallOptions): Promise<CallOutcome> {
      const api = apis.get(verb);
      if (!api) return { ok: false, error: { code: 'INVALID_ARGUMENTS', message: `${pack.name}.${verb} does not exist` } };
      const parsed = api.parameters.safeParse(args);
      if (!parsed.success)
        return {
          ok: false,
          error: {
            code: 'INVALID_ARGUMENTS',
            message: parsed.error.issues
              .map((i: { path: PropertyKey[]; message: string }) => `${i.path.map(String).join('.') || 'args'}: ${i.message}`)
              .join('; '),
          },
        };
      if (!options.staging && api.effects === 'stage')
        return { ok: false, error: { code: 'UNAVAILABLE', message: `${pack.name}.${verb} needs a staging workspace (run it inside a program)` } };
      const ctx: ApiContext = {
        signal: options.signal,
        roots: options.roots,
        staging: options.staging ?? noStaging,
        progress: options.progress ?? (() => undefined),
        log: (message, fields) => logger.info(message, { api: `${pack.name}.${verb}`, ...fields }),
        ...(settings ? { settings } : {}),
      };
      try {
        return { ok: true, value: await api.run(parsed.data, ctx) };
      } catch (error) {
        if (options.signal.aborted) return { ok: false, error: { code: 'CANCELLED', message: `${pack.name}.${verb} was cancelled` } };
        if (error instanceof ApiError) return { ok: false, error: { code: error.code, message: error.message } };
        return { ok: false, error: { code: 'API_ERROR', message: errorMessage(error) } };
      }
    },
    dispose: async () => {
      try {
        await pack.dispose?.();
      } catch (error) {
        logger.warn('the pack did not shut down cleanly', { pack: pack.name, error: errorMessage(error) });
      }
    },
  };
}

const noWorkspace = async (): Promise<never> => {
  throw new ApiError('PERMISSION_DENIED', 'no staging workspace in this context: run the API inside a program');
};

const noStaging: StagingWorkspace = {
  dir: '',
  resolve: noWorkspace,
  readPath: noWorkspace,
  stageFile: noWorkspace,
  stageDelete: noWorkspace,
  entries: () => [],
};
