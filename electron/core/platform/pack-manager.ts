import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { type ApiDocument, type PackDefinition, type PackManifest, type PackSettings, type Permissions } from '../../../apis/sdk';
import { AppError } from '../../shared/result';
import type { Disposable } from '../lifecycle';
import type { Logger } from '../log/logger';
import { builtinPackRecord, builtinRuntime } from './builtin-runtime';
import { builtinDocuments, type DocumentsCache } from './pack-documents-cache';
import type { PackGrants } from './pack-grants';
import type { PackRecord } from './pack-record';
import type { CallOptions, CallOutcome, PackRuntime } from './pack-runtime';
import type { ApiRegistry } from './registry';
import type { UsageStore } from './usage-store';
import type { McpPack } from './mcp/mcp-pack';
import { packSecretName } from '../config/secrets';
import { importOpenApi } from './openapi/openapi-import';
import { openApiCredentialSchema, OpenApiRuntime, type OpenApiCredential } from './openapi/openapi-runtime';
import { readOpenApiSource } from './openapi/openapi-source';
import { jsPackRecord, manifestOf, mcpPackRecord, moduleFromServer, moduleFromTitle, openApiPackRecord } from './pack-records';
import type { McpServerSpec } from './mcp/spec';
import type { PackSource } from './sources/fetch-pack-source';
import { PackWorkDir } from './pack-work-dir';
import { errorMessage } from '../../shared/errors';
import { homedir } from 'node:os';
import { refusedFolder } from './js-pack/permission-flags';
import { PackError } from './sources/pack-error';

/** The pack kinds' entry points, injected so tests and hosts can swap them. */
export interface PackKinds {
  fetchSource(spec: string, options: { workDir: string; signal?: AbortSignal; logger: Logger; registryUrl?: string }): Promise<PackSource>;
  startJs(options: { dir: string; manifest: PackManifest; logger: Logger; homeDir?: string; dataDir?: string }): Promise<PackRuntime>;
  parseMcp(spec: string): McpServerSpec;
  connectMcp(options: { spec: McpServerSpec; module: string; pack: string; logger: Logger; signal?: AbortSignal }): Promise<McpPack>;
}

export interface PackManagerOptions {
  registry: ApiRegistry;
  usage: UsageStore;
  packsDir: string;
  homeDir?: string;
  /** Switchboard's data folder: no pack may be granted it or a folder above it. */
  dataDir?: string;
  builtins: readonly PackDefinition[];
  /** Where the built-in packs' API documents are cached, and under which key (none: derived at every start). */
  documentsCache?: DocumentsCache;
  kinds: PackKinds;
  logger: Logger;
  /** The npm registry packs named by package come from (default https://registry.npmjs.org). */
  npmRegistryUrl?: string;
  /** What the person took back from each pack's requested permissions (none when absent). */
  grants?: PackGrants;
  /** The settings and secrets each built-in pack sees as `ctx.settings` (none when absent). */
  packSettings?: (pack: string) => PackSettings;
  /** The credential set for a pack (OpenAPI packs), from the secret store. */
  credential?: (pack: string) => Promise<string | undefined>;
  now?: () => Date;
}

const TMP = '.tmp';

/**
 * Installs, updates and removes packs and runs their APIs. An install is: fetch and validate into
 * packs/.tmp, check against the registry, move into place, prove the code loads, then commit the
 * registry (the one commit point). A crash before the commit leaves a stray folder that start() removes.
 */
export class PackManager implements Disposable {
  private readonly runtimes = new Map<string, PackRuntime>();
  private readonly starting = new Map<string, Promise<PackRuntime>>();
  // Keyed by the document itself: an update replaces the documents, even when the version stays the same.
  private readonly validators = new WeakMap<ApiDocument, ValidateFunction>();
  private readonly ajv = new Ajv({ allErrors: false, strict: false, useDefaults: true });
  private readonly now: () => Date;
  private readonly workDir: PackWorkDir;

  constructor(private readonly options: PackManagerOptions) {
    this.now = options.now ?? (() => new Date());
    this.workDir = new PackWorkDir(join(options.packsDir, TMP));
  }

  /** Loads the registry, removes leftovers of interrupted installs, and connects MCP servers in the background. */
  async start(): Promise<void> {
    const { registry, builtins, logger, packsDir } = this.options;
    const documents = await builtinDocuments(builtins, this.options.documentsCache, logger);
    await registry.load(builtins.map((pack) => builtinPackRecord(pack, new Date(0), documents.get(pack.name))));
    for (const pack of builtins) this.runtimes.set(pack.name, builtinRuntime(pack, logger.child(pack.name), this.options.packSettings?.(pack.name)));
    await mkdir(packsDir, { recursive: true });
    const referenced = new Set(registry.listPacks().flatMap((p) => (p.dir ? [p.dir] : [])));
    for (const entry of await readdir(packsDir)) {
      const dir = join(packsDir, entry);
      if (entry === 'registry.json' || entry.startsWith('registry.json.')) continue;
      if (entry === TMP || !referenced.has(dir)) {
        logger.info('removing a leftover pack folder', { dir });
        await rm(dir, { recursive: true, force: true });
      }
    }
    for (const pack of registry.listPacks().filter((p) => p.kind === 'mcp')) {
      void this.runtimeFor(pack.module).catch((error) => logger.warn('MCP server did not start', { pack: pack.name, error }));
    }
  }

  /** Installs from a folder, .tgz, .zip, npm name, `mcp:<command>` or `mcp+http:<url>`. */
  async add(spec: string, options: { module?: string; signal?: AbortSignal } = {}): Promise<PackRecord> {
    if (/^mcp(\+http)?:/i.test(spec.trim())) return this.addMcp(spec, options);
    if (/^openapi:/i.test(spec.trim())) return this.addOpenApi(spec, undefined, options);
    return this.installJs(spec, undefined, options.signal);
  }

  /**
   * What installing `spec` would add, checked exactly as add() checks it, without installing: nothing is
   * written but a temporary unpack (removed), no pack code runs and no MCP server is started (so its tools are unknown).
   */
  async inspect(spec: string, options: { module?: string; signal?: AbortSignal } = {}): Promise<PackRecord> {
    const { registry, kinds } = this.options;
    const now = this.now().toISOString();
    if (/^mcp(\+http)?:/i.test(spec.trim())) {
      const server = kinds.parseMcp(spec);
      const module = options.module ?? moduleFromServer(server);
      const name = `mcp-${module}`;
      if (registry.getPack(name)) throw new AppError('ALREADY_EXISTS', `pack ${name} is already installed; use update`);
      const source = { kind: 'mcp' as const, ref: spec.trim(), server };
      const record: PackRecord = {
        name,
        module,
        version: '0.0.0',
        description: `MCP server ${spec.trim()}`,
        kind: 'mcp',
        source,
        permissions: { folders: [], hosts: [] },
        installedAt: now,
        updatedAt: now,
        apis: [],
      };
      registry.check(record);
      return record;
    }
    if (/^openapi:/i.test(spec.trim())) {
      const record = await this.openApiRecord(spec, undefined, options);
      registry.check(record);
      return record;
    }
    const source = await this.fetchJs(spec, options.signal);
    try {
      return this.checkJs(source, undefined);
    } finally {
      await source.dispose();
      await this.workDir.leave();
    }
  }

  /** Re-fetches a pack from where it came from and replaces it atomically. */
  async update(name: string, options: { signal?: AbortSignal } = {}): Promise<PackRecord> {
    const current = this.options.registry.getPack(name);
    if (!current) throw new AppError('NOT_FOUND', `pack ${name} is not installed`);
    if (current.source.kind === 'builtin') throw new AppError('INVALID_INPUT', `pack ${name} is built in; it updates with the app`);
    if (current.source.kind === 'mcp') {
      const runtime = (await this.runtimeFor(current.module)) as McpPack;
      const record = { ...current, version: runtime.version, apis: runtime.documents(), updatedAt: this.now().toISOString() };
      await this.options.registry.replace(record, { allowDowngrade: true });
      return record;
    }
    if (current.source.kind === 'openapi') return this.addOpenApi(`openapi:${current.source.ref}`, current, options);
    return this.installJs(current.source.ref, current, options.signal);
  }

  async remove(name: string): Promise<PackRecord> {
    const removed = await this.options.registry.remove(name);
    await this.stopRuntime(removed.module);
    if (removed.dir) await rm(removed.dir, { recursive: true, force: true });
    await this.options.grants?.forget(removed.name);
    return removed;
  }

  /** The folders and hosts a pack runs with: what its manifest asks for, minus what the person took back. */
  granted(pack: Pick<PackRecord, 'name' | 'permissions'>): Permissions {
    return this.options.grants?.effective(pack.name, pack.permissions) ?? pack.permissions;
  }

  /**
   * Grants a JavaScript pack exactly `granted` out of what it asks for. Its process is stopped so the next
   * call starts it with the new permissions (its sandbox flags are fixed at start).
   */
  async setPermissions(name: string, granted: Permissions): Promise<PackRecord> {
    const pack = this.options.registry.getPack(name);
    if (!pack) throw new AppError('NOT_FOUND', `pack ${name} is not installed`);
    if (pack.kind !== 'js') {
      const why =
        pack.kind === 'builtin'
          ? 'built-in packs reach only the folders granted under Settings → Folders'
          : 'an MCP server runs as its own program with your account’s rights';
      throw new AppError('INVALID_INPUT', `pack ${name} has no folder or host permissions to edit: ${why}`);
    }
    if (!this.options.grants) throw new AppError('UNAVAILABLE', 'pack permissions cannot be changed here');
    await this.options.grants.set(pack.name, pack.permissions, granted);
    await this.stopRuntime(pack.module);
    this.options.logger.info('pack permissions changed', { pack: pack.name, granted: this.granted(pack) });
    return pack;
  }

  /**
   * Calls `module.verb` with arguments checked against the API's document, and records the call in the
   * usage figures. Failures come back as values.
   */
  async call(name: string, args: unknown, options: CallOptions): Promise<CallOutcome> {
    const doc = this.options.registry.getApi(name);
    if (!doc) return { ok: false, error: { code: 'INVALID_ARGUMENTS', message: `unknown API ${name}` } };
    const started = performance.now();
    const input = structuredClone(args ?? {});
    const validate = this.validator(doc);
    if (!validate(input)) {
      // Refused calls count too: arguments the model got wrong tell a pack author where the document misleads.
      const message = (validate.errors ?? []).map((e) => `${e.instancePath || 'args'} ${e.message ?? 'is invalid'}`).join('; ');
      this.options.usage.recordCall(name, doc.pack, { ok: false, errorCode: 'INVALID_ARGUMENTS', durationMs: performance.now() - started });
      return { ok: false, error: { code: 'INVALID_ARGUMENTS', message: `${name}: ${message}` } };
    }
    let outcome: CallOutcome;
    try {
      const runtime = await this.runtimeFor(doc.module);
      outcome = await runtime.call(name.slice(doc.module.length + 1), input, options);
    } catch (error) {
      outcome = { ok: false, error: { code: 'UNAVAILABLE', message: `pack ${doc.pack} could not start: ${errorMessage(error)}` } };
    }
    this.options.usage.recordCall(name, doc.pack, {
      ok: outcome.ok,
      errorCode: outcome.ok ? undefined : outcome.error.code,
      durationMs: performance.now() - started,
    });
    return outcome;
  }

  async dispose(): Promise<void> {
    await Promise.allSettled([...this.starting.values()]);
    const all = [...this.runtimes.values()];
    this.runtimes.clear();
    await Promise.allSettled(all.map((r) => r.dispose()));
  }

  private validator(doc: ApiDocument): ValidateFunction {
    let validate = this.validators.get(doc);
    if (!validate) {
      validate = this.ajv.compile(doc.parameters);
      this.validators.set(doc, validate);
    }
    return validate;
  }

  private async runtimeFor(module: string): Promise<PackRuntime> {
    const existing = this.runtimes.get(module);
    if (existing) return existing;
    const pending = this.starting.get(module);
    if (pending) return pending;
    const pack = this.options.registry.getPack(module);
    if (!pack) throw new AppError('NOT_FOUND', `no pack provides module ${module}`);
    const start = this.startRuntime(pack).then(
      (runtime) => {
        this.starting.delete(module);
        this.runtimes.set(module, runtime);
        return runtime;
      },
      (error: unknown) => {
        this.starting.delete(module);
        throw error;
      },
    );
    this.starting.set(module, start);
    return start;
  }

  private async startRuntime(pack: PackRecord): Promise<PackRuntime> {
    const { kinds, logger, homeDir, dataDir } = this.options;
    if (pack.kind === 'js' && pack.dir) {
      return kinds.startJs({
        dir: pack.dir,
        manifest: { ...manifestOf(pack), permissions: this.granted(pack) },
        logger: logger.child(pack.module),
        homeDir,
        dataDir,
      });
    }
    if (pack.kind === 'mcp' && pack.source.kind === 'mcp') {
      const mcp = await kinds.connectMcp({ spec: pack.source.server, module: pack.module, pack: pack.name, logger: logger.child(pack.module) });
      mcp.onDocumentsChanged((apis) => {
        const current = this.options.registry.getPack(pack.name);
        if (!current) return;
        void this.options.registry
          .replace({ ...current, apis, version: mcp.version, updatedAt: this.now().toISOString() }, { allowDowngrade: true })
          .catch((error) => logger.warn('could not re-sync MCP tools', { pack: pack.name, error }));
      });
      return mcp;
    }
    if (pack.kind === 'openapi' && pack.source.kind === 'openapi') {
      const source = pack.source;
      return new OpenApiRuntime({
        baseUrl: source.baseUrl,
        hosts: pack.permissions.hosts,
        operations: source.operations,
        credential: () => readCredential(this.options.credential, pack.name),
      });
    }
    throw new AppError('UNAVAILABLE', `pack ${pack.name} has no runtime`);
  }

  private async stopRuntime(module: string): Promise<void> {
    const runtime = this.runtimes.get(module);
    this.runtimes.delete(module);
    await runtime?.dispose();
  }

  /** Fetches a JavaScript pack's source into packs/.tmp; the caller leaves the work folder after disposing of it. */
  private async fetchJs(spec: string, signal?: AbortSignal): Promise<PackSource> {
    const { kinds, logger } = this.options;
    await this.workDir.enter();
    return kinds.fetchSource(spec, { workDir: this.workDir.dir, signal, logger, registryUrl: this.options.npmRegistryUrl }).catch(async (error: unknown) => {
      await this.workDir.leave();
      throw error;
    });
  }

  private async installJs(spec: string, replacing: PackRecord | undefined, signal?: AbortSignal): Promise<PackRecord> {
    const { registry, packsDir, logger, kinds, homeDir, dataDir } = this.options;
    const source = await this.fetchJs(spec, signal);
    let finalDir: string | undefined;
    let runtime: PackRuntime | undefined;
    try {
      const { manifest } = source;
      const record = this.checkJs(source, replacing);
      finalDir = join(packsDir, `${manifest.module}-${manifest.version}-${randomBytes(4).toString('hex')}`);
      await rename(source.dir, finalDir);
      record.dir = finalDir;
      // Prove the code loads and exports every API before the registry points at it.
      runtime = await kinds.startJs({
        dir: finalDir,
        manifest: { ...manifest, permissions: this.granted(record) },
        logger: logger.child(manifest.module),
        homeDir,
        dataDir,
      });
      if (replacing) await registry.replace(record);
      else await registry.add(record);
      if (replacing) {
        await this.stopRuntime(replacing.module);
        if (replacing.dir && replacing.dir !== finalDir) await rm(replacing.dir, { recursive: true, force: true });
      }
      this.runtimes.set(record.module, runtime);
      logger.info(replacing ? 'pack updated' : 'pack installed', { pack: record.name, version: record.version, apis: record.apis.length });
      return record;
    } catch (error) {
      await runtime?.dispose();
      if (finalDir) await rm(finalDir, { recursive: true, force: true });
      throw error;
    } finally {
      await source.dispose();
      await this.workDir.leave();
    }
  }

  /** The checks a fetched JavaScript pack passes before it is moved into place (install and inspect share them). */
  private checkJs(source: PackSource, replacing: PackRecord | undefined): PackRecord {
    const { registry, homeDir, dataDir } = this.options;
    const { manifest } = source;
    if (!replacing && registry.getPack(manifest.name)) throw new AppError('ALREADY_EXISTS', `pack ${manifest.name} is already installed; use update`);
    if (replacing && manifest.name !== replacing.name) {
      throw new AppError('INVALID_INPUT', `pack ${replacing.name}: the source now holds pack ${manifest.name}`);
    }
    const record = jsPackRecord(source, replacing, this.now().toISOString());
    registry.check(record, { replacing: replacing?.name });
    const refused = refusedFolder(manifest.permissions.folders, { homeDir: homeDir ?? homedir(), dataDir });
    if (refused) throw new PackError('BAD_MANIFEST', `pack ${manifest.name}: ${refused}`, manifest.name);
    return record;
  }

  /** Imports (or, with `replacing`, re-reads) an OpenAPI description as a pack of one API per operation. */
  private async addOpenApi(spec: string, replacing: PackRecord | undefined, options: { module?: string; signal?: AbortSignal }): Promise<PackRecord> {
    const { registry } = this.options;
    const record = await this.openApiRecord(spec, replacing, options);
    if (replacing) {
      await registry.replace(record, { allowDowngrade: true });
      await this.stopRuntime(record.module);
    } else await registry.add(record);
    return record;
  }

  private async openApiRecord(spec: string, replacing: PackRecord | undefined, options: { module?: string; signal?: AbortSignal }): Promise<PackRecord> {
    const { registry } = this.options;
    const source = await readOpenApiSource(spec, options.signal);
    const info = source.document as { info?: { title?: unknown } } | undefined;
    const module = replacing?.module ?? options.module ?? moduleFromTitle(typeof info?.info?.title === 'string' ? info.info.title : 'api');
    const name = replacing?.name ?? `openapi-${module}`;
    if (!replacing && registry.getPack(name)) throw new AppError('ALREADY_EXISTS', `pack ${name} is already installed; use update`);
    const imported = importOpenApi(source.document, { module, pack: name, origin: source.origin });
    return openApiPackRecord({ name, module, ref: source.ref, imported }, replacing, this.now().toISOString());
  }

  private async addMcp(spec: string, options: { module?: string; signal?: AbortSignal }): Promise<PackRecord> {
    const { kinds, registry, logger } = this.options;
    const server = kinds.parseMcp(spec);
    const module = options.module ?? moduleFromServer(server);
    const name = `mcp-${module}`;
    if (registry.getPack(name)) throw new AppError('ALREADY_EXISTS', `pack ${name} is already installed; use update`);
    const mcp = await kinds.connectMcp({ spec: server, module, pack: name, logger: logger.child(module), signal: options.signal });
    try {
      const record = mcpPackRecord({ name, module, spec, server, mcp }, this.now().toISOString());
      await registry.add(record);
      await mcp.dispose();
      // Start it the normal way so tool changes re-sync the registry.
      await this.runtimeFor(module);
      return record;
    } catch (error) {
      await mcp.dispose();
      throw error;
    }
  }
}

/** Where a pack's credential lives in the secret store. */
export function packCredentialKey(pack: string): string {
  return packSecretName(pack, 'credential');
}

/** A pack's credential: JSON in the secret store (apiKey, bearer or basic), or none. */
async function readCredential(read: ((pack: string) => Promise<string | undefined>) | undefined, pack: string): Promise<OpenApiCredential | undefined> {
  const text = await read?.(pack);
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('INVALID_INPUT', `the credential stored for ${pack} is not valid JSON`);
  }
  const parsed = openApiCredentialSchema.safeParse(value);
  if (!parsed.success)
    throw new AppError(
      'INVALID_INPUT',
      `the credential stored for ${pack} is not an API key, bearer or basic credential; set it again with switchboard packs credential`,
    );
  return parsed.data;
}
