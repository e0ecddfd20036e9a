import type { Handlers } from '../../shared/contract';
import type { ModelInfo, ProvidersState } from '../../shared/models';
import { AppError, type ErrorCode } from '../../shared/result';
import type { ProviderPresetId } from '../../shared/settings';
import { providerKeyName, type SecretStore } from '../config/secrets';
import type { SettingsStore } from '../config/settings-store';
import type { EventBus } from '../events';
import type { Logger } from '../log/logger';
import { isModelManagerError, type ModelManagerErrorCode } from './manager/errors';
import type { ModelManager, ModelStatus } from './manager/model-manager';
import { PROVIDER_PRESETS } from './openai/presets';
import { createOpenAiProvider, isGguf, localModelPath, resolveLocalChoice } from './provider-factory';
import { redactText } from '../log/redact';
import { isModelError } from './provider';

type ModelRoute =
  | 'providers.list'
  | 'providers.set'
  | 'providers.key.set'
  | 'providers.key.clear'
  | 'providers.test'
  | 'models.list'
  | 'models.pull'
  | 'models.cancel'
  | 'models.remove'
  | 'models.verify';

const MANAGER_CODES: Record<ModelManagerErrorCode, ErrorCode> = {
  NOT_FOUND: 'NOT_FOUND',
  BAD_CATALOG: 'INVALID_INPUT',
  CHECKSUM_MISMATCH: 'UNAVAILABLE',
  SIZE_MISMATCH: 'UNAVAILABLE',
  NO_SPACE: 'UNAVAILABLE',
  NETWORK: 'UNAVAILABLE',
  CANCELLED: 'CANCELLED',
  BUSY: 'ALREADY_EXISTS',
};

export interface ModelHandlerDeps {
  settings: SettingsStore;
  secrets: SecretStore;
  manager: ModelManager;
  bus: EventBus;
  logger: Logger;
}

/** The model layer's route handlers: provider settings and keys, the connection test, model files. */
export function modelHandlers(deps: ModelHandlerDeps): Pick<Handlers, ModelRoute> {
  const { settings, secrets, manager, bus, logger } = deps;

  const state = async (): Promise<ProvidersState> => {
    const keys: Partial<Record<ProviderPresetId, boolean>> = {};
    for (const preset of PROVIDER_PRESETS) keys[preset.id] = await secrets.has(providerKeyName(preset.id));
    const models = settings.get().models;
    const localChoice = await resolveLocalChoice(models.local, manager).catch(() => undefined);
    return {
      settings: models,
      presets: PROVIDER_PRESETS.map((p) => ({ ...p, models: { ...p.models } })),
      keys,
      secretStore: secrets.kind,
      ...(localChoice ? { localChoice } : {}),
    };
  };

  const info = (status: ModelStatus): ModelInfo => {
    const { entry } = status;
    return {
      id: entry.id,
      kind: entry.kind,
      label: entry.label,
      file: entry.file,
      url: entry.url,
      size: entry.size,
      sizeApprox: entry.sizeApprox,
      checksum: entry.sha256 ? 'sha256' : entry.sha1 ? 'sha1' : 'none',
      ...(entry.checksumSource ? { checksumSource: entry.checksumSource } : {}),
      license: entry.license,
      ...(entry.ramBytes !== undefined ? { ramBytes: entry.ramBytes } : {}),
      ...(entry.contextSize !== undefined ? { contextSize: entry.contextSize } : {}),
      description: entry.description,
      installed: status.installed,
      partialBytes: status.partialBytes,
      pulling: manager.isPulling(entry.id),
    };
  };

  return {
    'providers.list': state,
    'providers.set': async (patch) => {
      await settings.set({ models: patch });
      return state();
    },
    'providers.key.set': async ({ preset, key }) => {
      await secrets.set(providerKeyName(preset), key);
      logger.info('provider key set', { preset });
      return { preset, hasKey: true };
    },
    'providers.key.clear': async ({ preset }) => {
      await secrets.delete(providerKeyName(preset));
      logger.info('provider key cleared', { preset });
      return { preset, hasKey: false };
    },
    'providers.test': async (input, ctx) => {
      const current = settings.get();
      const provider = input.provider ?? current.models.provider;
      try {
        if (provider === 'local') {
          const choice = await resolveLocalChoice(current.models.local, manager);
          const path = await localModelPath(choice.chatModel, manager);
          const ok = await isGguf(path);
          const which = `${choice.chatModel} (${choice.reason}; context ${choice.contextSize} tokens)`;
          return {
            ok,
            provider,
            models: ok ? [path] : [],
            message: ok
              ? `the local model file is in place: ${path}, ${which}`
              : `the local model ${which} is not downloaded yet (no model file at ${path}); download it first`,
          };
        }
        const client = await createOpenAiProvider(current.models.openai, secrets, { offline: current.privacy.offline, maxRetries: 0 });
        const models = await client.listModels(ctx.signal as AbortSignal);
        return { ok: true, provider, models, message: `connected: the endpoint lists ${models.length} model${models.length === 1 ? '' : 's'}` };
      } catch (error) {
        if (isModelError(error)) return { ok: false, provider, models: [], message: redactText(error.message) };
        throw error;
      }
    },
    'models.list': async () => guard(async () => (await manager.list()).map(info)),
    'models.pull': async ({ id }, ctx) =>
      guard(async () => {
        if (settings.get().privacy.offline) throw new AppError('UNAVAILABLE', 'offline mode is on: downloads are off', { reason: 'OFFLINE' });
        return info(await manager.pull(id, { signal: ctx.signal as AbortSignal, onProgress: (p) => bus.emit('models.progress', p) }));
      }),
    'models.cancel': async ({ id }) => ({ id, cancelled: manager.cancel(id) }),
    'models.remove': async ({ id }) => guard(async () => info(await manager.remove(id))),
    'models.verify': async (_input, ctx) => guard(() => manager.verify(ctx.signal as AbortSignal)),
  };
}

/** Model-manager failures become contract errors carrying the manager's own code as data.reason. */
async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isModelManagerError(error)) throw new AppError(MANAGER_CODES[error.code], error.message, { reason: error.code });
    throw error;
  }
}
