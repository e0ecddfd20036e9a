import type { Handlers } from '../../shared/contract';
import type { PackSummary } from '../../shared/platform';
import { packWarnings } from './instruction-text';
import { AppError } from '../../shared/result';
import { declarationsFor, firstSentence, renderDeclarations } from './declarations';
import type { PackManager } from './pack-manager';
import type { PackRecord } from './pack-record';
import type { ApiRegistry } from './registry';
import { isPackError, type PackErrorCode } from './sources';
import { usageToCsv, type UsageStore } from './usage-store';

const PACK_ERROR_CODES: Record<PackErrorCode, 'INVALID_INPUT' | 'NOT_FOUND' | 'UNAVAILABLE' | 'PAYLOAD_TOO_LARGE'> = {
  BAD_SOURCE: 'INVALID_INPUT',
  BAD_ARCHIVE: 'INVALID_INPUT',
  BAD_MANIFEST: 'INVALID_INPUT',
  INTEGRITY: 'INVALID_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  NETWORK: 'UNAVAILABLE',
  TOO_LARGE: 'PAYLOAD_TOO_LARGE',
};

/** A refused pack becomes a typed contract error carrying the pack's own code. */
async function asContractError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isPackError(error)) throw new AppError(PACK_ERROR_CODES[error.code], error.message, { reason: error.code, pack: error.pack });
    throw error;
  }
}

type PlatformRoute =
  | 'packs.permissions'
  | 'packs.list'
  | 'packs.add'
  | 'packs.inspect'
  | 'packs.update'
  | 'packs.remove'
  | 'packs.stats'
  | 'apis.list'
  | 'apis.get';

/** A pack as the contract shows it; `granted` is what it runs with (its requests minus what was taken back). */
export function packSummary(pack: PackRecord, granted: PackSummary['granted'] = pack.permissions): PackSummary {
  return {
    name: pack.name,
    module: pack.module,
    version: pack.version,
    description: pack.description,
    kind: pack.kind,
    source: pack.source.kind === 'builtin' ? 'built-in' : `${pack.source.kind}:${pack.source.ref}`,
    permissions: pack.permissions,
    granted,
    apis: pack.apis.map((a) => a.name),
    warnings: packWarnings(pack),
    installedAt: pack.installedAt,
    updatedAt: pack.updatedAt,
  };
}

/** The API platform's route handlers. */
export function platformHandlers(registry: ApiRegistry, manager: PackManager, usage: UsageStore): Pick<Handlers, PlatformRoute> {
  const summary = (pack: PackRecord) => packSummary(pack, manager.granted(pack));
  return {
    'packs.list': async () => registry.listPacks().map(summary),
    'packs.add': async (input, ctx) => summary(await asContractError(manager.add(input.spec, { module: input.module, signal: ctx.signal as AbortSignal }))),
    'packs.inspect': async (input, ctx) => {
      const {
        granted: _granted,
        installedAt: _installed,
        updatedAt: _updated,
        ...preview
      } = packSummary(await asContractError(manager.inspect(input.spec, { module: input.module, signal: ctx.signal as AbortSignal })));
      return preview;
    },
    'packs.update': async (input, ctx) => summary(await asContractError(manager.update(input.name, { signal: ctx.signal as AbortSignal }))),
    'packs.remove': async (input) => packSummary(await manager.remove(input.name)),
    'packs.permissions': async (input) => summary(await manager.setPermissions(input.name, { folders: input.folders, hosts: input.hosts })),
    'packs.stats': async (input) => {
      const pack = input.name === undefined ? undefined : registry.getPack(input.name);
      if (input.name !== undefined && !pack) throw new AppError('NOT_FOUND', `pack ${input.name} is not installed`);
      const figures = usage.figures(pack?.name);
      return { figures, csv: usageToCsv(figures) };
    },
    'apis.list': async (input) =>
      registry.listApis({ module: input.module }).map((doc) => ({
        name: doc.name,
        module: doc.module,
        pack: doc.pack,
        version: doc.version,
        effects: doc.effects,
        summary: firstSentence(doc.description),
      })),
    'apis.get': async (input) => {
      const document = registry.getApi(input.name);
      if (!document) throw new AppError('NOT_FOUND', `no API named ${input.name}`);
      const { full, compact } = declarationsFor([document]);
      return {
        document,
        declaration: renderDeclarations([document], 'full'),
        compactDeclaration: compact.text,
        tokens: { full: full.tokens, compact: compact.tokens },
      };
    },
  };
}
