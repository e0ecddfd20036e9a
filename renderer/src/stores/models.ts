import type { RouteOutput } from '../../../electron/shared/contract';
import type { ModelInfo, ProvidersState } from '../../../electron/shared/models';
import type { ResultError } from '../../../electron/shared/result';
import type { ModelSettingsPatch, ProviderPresetId } from '../../../electron/shared/settings';
import { call } from './call';
import type { SliceCreator } from './types';

export type ProviderTest = RouteOutput<'providers.test'>;

/** Download progress per model id, from `models.progress` events. */
export interface ModelProgress {
  phase: 'download' | 'verify';
  received: number;
  total?: number;
}

export interface ModelsSlice {
  providers: ProvidersState | null;
  providersError: ResultError | null;
  providerTest: { running: boolean; result: ProviderTest | null };
  modelFiles: ModelInfo[] | null;
  modelProgress: Record<string, ModelProgress>;
  modelsError: ResultError | null;
  /** Why the last download of a model failed, by model id: shown on that model's row with a retry. */
  pullErrors: Record<string, ResultError>;
  /** Why the last removal of a model file failed, by model id: shown on that model's row. */
  removeErrors: Record<string, ResultError>;
  /** Why the last key save or removal failed: shown beside the key field. */
  keyError: ResultError | null;
  loadProviders(): Promise<void>;
  updateProviders(patch: ModelSettingsPatch): Promise<boolean>;
  setProviderKey(preset: ProviderPresetId, key: string): Promise<boolean>;
  clearProviderKey(preset: ProviderPresetId): Promise<void>;
  testProvider(): Promise<void>;
  loadModelFiles(): Promise<void>;
  pullModel(id: string): Promise<void>;
  cancelModel(id: string): Promise<void>;
  removeModel(id: string): Promise<void>;
  receiveModelProgress(progress: ModelProgress & { id: string }): void;
  dismissModelErrors(): void;
}

type ProvidersPart = Pick<
  ModelsSlice,
  'providers' | 'providersError' | 'providerTest' | 'keyError' | 'loadProviders' | 'updateProviders' | 'setProviderKey' | 'clearProviderKey' | 'testProvider'
>;
type ModelFilesPart = Pick<
  ModelsSlice,
  | 'modelFiles'
  | 'modelProgress'
  | 'modelsError'
  | 'pullErrors'
  | 'removeErrors'
  | 'loadModelFiles'
  | 'pullModel'
  | 'cancelModel'
  | 'removeModel'
  | 'receiveModelProgress'
>;

/** The model slice in two parts: the provider settings and keys, and the local model files. */
export const createModelsSlice: SliceCreator<ModelsSlice> =
  (deps) =>
  (...args) => ({
    ...createProvidersPart(deps)(...args),
    ...createModelFilesPart(deps)(...args),
    dismissModelErrors: () => args[0]({ providersError: null, modelsError: null }),
  });

const createProvidersPart: SliceCreator<ProvidersPart> =
  ({ bridge }) =>
  (set, get) => {
    const setKeyState = (preset: ProviderPresetId, hasKey: boolean) =>
      set((state) => (state.providers ? { providers: { ...state.providers, keys: { ...state.providers.keys, [preset]: hasKey } } } : {}));

    return {
      providers: null,
      providersError: null,
      providerTest: { running: false, result: null },
      keyError: null,

      async loadProviders() {
        const result = await call(bridge, 'providers.list', {});
        set(result.ok ? { providers: result.value, providersError: null } : { providersError: result.error });
      },

      async updateProviders(patch) {
        const result = await call(bridge, 'providers.set', patch);
        set(result.ok ? { providers: result.value, providersError: null, providerTest: { running: false, result: null } } : { providersError: result.error });
        return result.ok;
      },

      async setProviderKey(preset, key) {
        set({ keyError: null });
        const result = await call(bridge, 'providers.key.set', { preset, key });
        if (!result.ok) {
          set({ keyError: result.error });
          return false;
        }
        setKeyState(preset, result.value.hasKey);
        return true;
      },

      async clearProviderKey(preset) {
        set({ keyError: null });
        const result = await call(bridge, 'providers.key.clear', { preset });
        if (!result.ok) return set({ keyError: result.error });
        setKeyState(preset, result.value.hasKey);
      },

      async testProvider() {
        set({ providerTest: { running: true, result: null } });
        const result = await call(bridge, 'providers.test', {});
        set(
          result.ok
            ? { providerTest: { running: false, result: result.value } }
            : {
                providerTest: {
                  running: false,
                  result: { ok: false, provider: get().providers?.settings.provider ?? 'local', models: [], message: result.error.message },
                },
              },
        );
      },
    };
  };

const createModelFilesPart: SliceCreator<ModelFilesPart> =
  ({ bridge }) =>
  (set, get) => {
    const clearProgress = (id: string) =>
      set((state) => {
        const next = { ...state.modelProgress };
        delete next[id];
        return { modelProgress: next };
      });

    return {
      modelFiles: null,
      modelProgress: {},
      modelsError: null,
      pullErrors: {},
      removeErrors: {},

      async loadModelFiles() {
        const result = await call(bridge, 'models.list', {});
        set(result.ok ? { modelFiles: result.value, modelsError: null } : { modelsError: result.error });
      },

      async pullModel(id) {
        set((state) => {
          const pullErrors = { ...state.pullErrors };
          delete pullErrors[id];
          return { modelProgress: { ...state.modelProgress, [id]: { phase: 'download', received: 0 } }, pullErrors };
        });
        const result = await call(bridge, 'models.pull', { id });
        clearProgress(id);
        if (!result.ok && result.error.code !== 'CANCELLED') set((state) => ({ pullErrors: { ...state.pullErrors, [id]: result.error } }));
        await get().loadModelFiles();
      },

      async cancelModel(id) {
        await call(bridge, 'models.cancel', { id });
      },

      async removeModel(id) {
        set((state) => {
          const removeErrors = { ...state.removeErrors };
          delete removeErrors[id];
          return { removeErrors };
        });
        const result = await call(bridge, 'models.remove', { id });
        if (!result.ok) set((state) => ({ removeErrors: { ...state.removeErrors, [id]: result.error } }));
        await get().loadModelFiles();
      },

      receiveModelProgress: ({ id, ...progress }) => set((state) => ({ modelProgress: { ...state.modelProgress, [id]: progress } })),
    };
  };
