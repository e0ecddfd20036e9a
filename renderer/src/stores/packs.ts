import type { RouteOutput } from '../../../electron/shared/contract';
import type { ApiSummary, PackInspection, PackSummary } from '../../../electron/shared/platform';
import type { ResultError } from '../../../electron/shared/result';
import { call } from './call';
import type { SliceCreator } from './types';

export type ApiDetail = RouteOutput<'apis.get'>;
export type UsageFigures = RouteOutput<'packs.stats'>['figures'][number];

/** What a pack row is doing right now. */
export type PackActivity = 'updating' | 'removing' | 'granting';

export interface PacksSlice {
  /** Installed packs, null until the first `packs.list` answers. */
  packs: PackSummary[] | null;
  packsError: ResultError | null;
  packActivity: Record<string, PackActivity>;
  installing: boolean;
  installError: ResultError | null;
  /** The last pack installed or updated here, for the confirmation line. */
  packNotice: string | null;
  /** Every API in the registry, null until the first `apis.list` answers. */
  apis: ApiSummary[] | null;
  apisError: ResultError | null;
  /** The API open in the catalogue, with its usage figures (undefined while they load, null when none are recorded). */
  selectedApi: { name: string; detail: ApiDetail | null; usage: UsageFigures | null | undefined; error: ResultError | null } | null;
  loadPacks(): Promise<void>;
  /** A source read but not installed, waiting for the person's Install or Cancel. */
  pendingInstall: { spec: string; module?: string; pack: PackInspection } | null;
  /** Reads what the source asks for (`packs.inspect`) and holds it for confirmation; false when refused. */
  inspectPack(spec: string, module?: string): Promise<boolean>;
  /** Installs the pending source (the person pressed Install). */
  confirmInstall(): Promise<boolean>;
  cancelInstall(): void;
  /** Installs at once; the UI calls it only through confirmInstall. */
  installPack(spec: string, module?: string): Promise<boolean>;
  updatePack(name: string): Promise<void>;
  removePack(name: string): Promise<void>;
  /** Grants a pack exactly these of the folders and hosts it asks for. */
  setPackPermissions(name: string, granted: PackSummary['granted']): Promise<void>;
  /** APIs allowed "always" (no approval asked), null until loaded. */
  alwaysAllowed: string[] | null;
  loadApprovals(): Promise<void>;
  /** Asks before every call of this API again. */
  revokeApproval(api: string): Promise<void>;
  loadApis(): Promise<void>;
  selectApi(name: string | null): Promise<void>;
  /** A `registry.changed` event: packs and APIs are reloaded; the open API is reloaded, or closed when its pack left. */
  receiveRegistryChange(change: { kind: 'added' | 'updated' | 'removed'; pack: string }): void;
  dismissPackErrors(): void;
}

type InstalledPart = Pick<
  PacksSlice,
  | 'packs'
  | 'packsError'
  | 'packActivity'
  | 'installing'
  | 'installError'
  | 'packNotice'
  | 'alwaysAllowed'
  | 'loadPacks'
  | 'pendingInstall'
  | 'inspectPack'
  | 'confirmInstall'
  | 'cancelInstall'
  | 'installPack'
  | 'updatePack'
  | 'removePack'
  | 'setPackPermissions'
  | 'loadApprovals'
  | 'revokeApproval'
>;
type CataloguePart = Pick<PacksSlice, 'apis' | 'apisError' | 'selectedApi' | 'loadApis' | 'selectApi' | 'receiveRegistryChange'>;

/** The packs slice in two parts: the installed packs with their permissions and approvals, and the API catalogue. */
export const createPacksSlice: SliceCreator<PacksSlice> =
  (deps) =>
  (...args) => ({
    ...createInstalledPart(deps)(...args),
    ...createCataloguePart(deps)(...args),
    dismissPackErrors: () => args[0]({ packsError: null, installError: null }),
  });

const createInstalledPart: SliceCreator<InstalledPart> =
  ({ bridge }) =>
  (set, get) => {
    const setActivity = (name: string, activity: PackActivity | undefined) =>
      set((state) => {
        const next = { ...state.packActivity };
        if (activity) next[name] = activity;
        else delete next[name];
        return { packActivity: next };
      });

    return {
      packs: null,
      packsError: null,
      packActivity: {},
      installing: false,
      installError: null,
      packNotice: null,
      alwaysAllowed: null,
      pendingInstall: null,

      async inspectPack(spec, module) {
        if (get().installing || spec.trim() === '') return false;
        set({ installing: true, installError: null, packNotice: null, pendingInstall: null });
        const asked = module ? { spec: spec.trim(), module } : { spec: spec.trim() };
        const result = await call(bridge, 'packs.inspect', asked);
        set(result.ok ? { installing: false, pendingInstall: { ...asked, pack: result.value } } : { installing: false, installError: result.error });
        return result.ok;
      },

      async confirmInstall() {
        const pending = get().pendingInstall;
        if (!pending) return false;
        set({ pendingInstall: null });
        return get().installPack(pending.spec, pending.module);
      },

      cancelInstall: () => set({ pendingInstall: null }),

      async loadPacks() {
        const result = await call(bridge, 'packs.list', {});
        set(result.ok ? { packs: result.value, packsError: null } : { packsError: result.error });
      },

      async installPack(spec, module) {
        if (get().installing || spec.trim() === '') return false;
        set({ installing: true, installError: null, packNotice: null });
        const result = await call(bridge, 'packs.add', module ? { spec: spec.trim(), module } : { spec: spec.trim() });
        set({
          installing: false,
          ...(result.ok
            ? {
                packNotice: `Installed ${result.value.name} ${result.value.version} with ${apiCount(result.value)}.${result.value.warnings.length > 0 ? ` Warning: its text reads like instructions to the assistant (${result.value.warnings.length} place${result.value.warnings.length === 1 ? '' : 's'}); see its permissions below, and remove it if you do not trust it.` : ''}`,
              }
            : { installError: result.error }),
        });
        if (result.ok) await Promise.all([get().loadPacks(), get().loadApis()]);
        return result.ok;
      },

      async updatePack(name) {
        setActivity(name, 'updating');
        const result = await call(bridge, 'packs.update', { name });
        setActivity(name, undefined);
        set(result.ok ? { packNotice: `Updated ${result.value.name} to ${result.value.version}.`, packsError: null } : { packsError: result.error });
        await get().loadPacks();
      },

      async removePack(name) {
        setActivity(name, 'removing');
        const result = await call(bridge, 'packs.remove', { name });
        setActivity(name, undefined);
        set(result.ok ? { packNotice: `Removed ${result.value.name}.`, packsError: null } : { packsError: result.error });
        await Promise.all([get().loadPacks(), get().loadApis()]);
      },

      async setPackPermissions(name, granted) {
        setActivity(name, 'granting');
        const result = await call(bridge, 'packs.permissions', { name, folders: granted.folders, hosts: granted.hosts });
        setActivity(name, undefined);
        set(result.ok ? { packNotice: `Saved the permissions of ${result.value.name}.`, packsError: null } : { packsError: result.error });
        await get().loadPacks();
      },

      async loadApprovals() {
        const result = await call(bridge, 'approvals.list', {});
        set(result.ok ? { alwaysAllowed: result.value.always } : { packsError: result.error });
      },

      async revokeApproval(api) {
        const result = await call(bridge, 'approvals.revoke', { api });
        set(
          result.ok
            ? { alwaysAllowed: result.value.always, packNotice: `${api} will ask before each call again.`, packsError: null }
            : { packsError: result.error },
        );
      },
    };
  };

const createCataloguePart: SliceCreator<CataloguePart> =
  ({ bridge }) =>
  (set, get) => ({
    apis: null,
    apisError: null,
    selectedApi: null,

    async loadApis() {
      const result = await call(bridge, 'apis.list', {});
      set(result.ok ? { apis: result.value, apisError: null } : { apisError: result.error });
    },

    async selectApi(name) {
      if (name === null) return set({ selectedApi: null });
      set({ selectedApi: { name, detail: null, usage: undefined, error: null } });
      const detail = await call(bridge, 'apis.get', { name });
      if (get().selectedApi?.name !== name) return;
      if (!detail.ok) return set({ selectedApi: { name, detail: null, usage: null, error: detail.error } });
      set({ selectedApi: { name, detail: detail.value, usage: undefined, error: null } });
      const stats = await call(bridge, 'packs.stats', { name: detail.value.document.pack });
      if (get().selectedApi?.name !== name) return;
      const usage = stats.ok ? (stats.value.figures.find((f) => f.api === name) ?? null) : null;
      set({ selectedApi: { name, detail: detail.value, usage, error: null } });
    },

    receiveRegistryChange(change) {
      void get().loadPacks();
      void get().loadApis();
      const selected = get().selectedApi;
      if (selected?.detail?.document.pack !== change.pack) return;
      void get().selectApi(change.kind === 'removed' ? null : selected.name);
    },
  });

function apiCount(pack: PackSummary): string {
  return `${pack.apis.length} API${pack.apis.length === 1 ? '' : 's'}`;
}
