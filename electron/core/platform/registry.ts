import { readFile, rename } from 'node:fs/promises';
import semver from 'semver';
import { apiDocumentSchema, type ApiDocument } from '../../../apis/sdk';
import { AppError } from '../../shared/result';
import { writeFileAtomic } from '../config/atomic-write';
import { parseJsonOrUndefined } from '../config/json-file';
import type { Logger } from '../log/logger';
import { registryFileSchema, type PackRecord } from './pack-record';
import { reservedModuleReason, reservedVerbReason } from './reserved-names';
import { schemaPatterns, unsafePatternReason } from './schema-patterns';
import { errorMessage } from '../../shared/errors';

export type RegistryChange = { kind: 'added' | 'updated' | 'removed'; pack: string; module: string; version: string };

/**
 * The API registry: built-in packs (from code) plus installed packs (persisted in registry.json).
 * Every change validates the whole next state first, writes it atomically, and only then swaps it in,
 * so a refused or interrupted change leaves the registry exactly as it was.
 */
export class ApiRegistry {
  private builtins: PackRecord[] = [];
  private installed: PackRecord[] = [];
  private readonly listeners = new Set<(change: RegistryChange) => void>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly logger: Logger,
  ) {}

  /** Loads built-ins and the persisted file; an unreadable file is kept aside and the registry starts empty. */
  async load(builtins: readonly PackRecord[]): Promise<void> {
    this.builtins = [];
    for (const pack of builtins) this.validate(pack, [...this.builtins]);
    this.builtins = [...builtins];
    let text: string | undefined;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text === undefined) return;
    const parsed = registryFileSchema.safeParse(parseJsonOrUndefined(text));
    const packs = parsed.success ? parsed.data.packs : undefined;
    const conflict = packs ? this.firstConflict(packs) : 'unreadable';
    if (packs && conflict === undefined) {
      this.installed = packs;
      return;
    }
    const aside = `${this.file}.corrupt-${Date.now()}`;
    await rename(this.file, aside);
    this.logger.warn('registry file was invalid; kept it aside and started without installed packs', { file: aside, conflict });
  }

  onChange(listener: (change: RegistryChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  listPacks(): PackRecord[] {
    return [...this.builtins, ...this.installed].sort((a, b) => a.name.localeCompare(b.name));
  }

  getPack(name: string): PackRecord | undefined {
    return this.listPacks().find((p) => p.name === name || p.module === name);
  }

  listApis(filter: { module?: string } = {}): ApiDocument[] {
    return this.listPacks()
      .flatMap((p) => p.apis)
      .filter((a) => filter.module === undefined || a.module === filter.module)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  getApi(name: string): ApiDocument | undefined {
    const module = name.split('.')[0];
    return this.getPack(module ?? '')?.apis.find((a) => a.name === name);
  }

  /** Checks a pack against the current state without changing anything; throws a typed error. */
  check(pack: PackRecord, options: { replacing?: string } = {}): void {
    const others = this.listPacks().filter((p) => p.name !== options.replacing);
    this.validate(pack, others);
  }

  add(pack: PackRecord): Promise<void> {
    return this.mutate(() => {
      if (this.getPack(pack.name)) throw new AppError('ALREADY_EXISTS', `pack ${pack.name} is already installed; use update`);
      this.validate(pack, this.listPacks());
      return { next: [...this.installed, pack], change: { kind: 'added', pack: pack.name, module: pack.module, version: pack.version } };
    });
  }

  /** Replaces an installed pack by a new version in one atomic step. Downgrades are refused. */
  replace(pack: PackRecord, options: { allowDowngrade?: boolean } = {}): Promise<void> {
    return this.mutate(() => {
      const current = this.installed.find((p) => p.name === pack.name);
      if (!current) throw new AppError('NOT_FOUND', `pack ${pack.name} is not installed`);
      if (!options.allowDowngrade && semver.lt(pack.version, current.version)) {
        throw new AppError('INVALID_INPUT', `pack ${pack.name}: ${pack.version} is older than the installed ${current.version}`);
      }
      this.validate(
        pack,
        this.listPacks().filter((p) => p.name !== pack.name),
      );
      return {
        next: this.installed.map((p) => (p.name === pack.name ? pack : p)),
        change: { kind: 'updated', pack: pack.name, module: pack.module, version: pack.version },
      };
    });
  }

  remove(name: string): Promise<PackRecord> {
    let removed: PackRecord | undefined;
    return this.mutate(() => {
      removed = this.installed.find((p) => p.name === name || p.module === name);
      if (!removed) {
        const builtin = this.builtins.some((p) => p.name === name);
        throw new AppError(
          builtin ? 'INVALID_INPUT' : 'NOT_FOUND',
          builtin ? `pack ${name} is built in and cannot be removed` : `pack ${name} is not installed`,
        );
      }
      const gone = removed;
      return { next: this.installed.filter((p) => p !== gone), change: { kind: 'removed', pack: gone.name, module: gone.module, version: gone.version } };
    }).then(() => removed!);
  }

  private mutate(plan: () => { next: PackRecord[]; change: RegistryChange }): Promise<void> {
    const run = async (): Promise<void> => {
      const { next, change } = plan();
      await writeFileAtomic(this.file, `${JSON.stringify({ schemaVersion: 1, packs: next }, null, 1)}\n`);
      this.installed = next;
      for (const listener of [...this.listeners]) {
        try {
          listener(change);
        } catch (error) {
          this.logger.error('registry listener failed', { error });
        }
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private firstConflict(packs: PackRecord[]): string | undefined {
    const seen: PackRecord[] = [...this.builtins];
    for (const pack of packs) {
      try {
        this.validate(pack, seen);
      } catch (error) {
        return errorMessage(error);
      }
      seen.push(pack);
    }
    return undefined;
  }

  private validate(pack: PackRecord, others: readonly PackRecord[]): void {
    const fail = (message: string, field?: string): never => {
      throw new AppError('INVALID_INPUT', `pack ${pack.name}: ${message}`, { pack: pack.name, field });
    };
    if (!semver.valid(pack.version)) fail(`version ${pack.version} is not a semantic version`, 'version');
    const builtin = this.builtins.find((p) => p.module === pack.module && p.name !== pack.name);
    if (builtin) fail(`module ${pack.module} would shadow the built-in pack ${builtin.name}`, 'module');
    const reserved = reservedModuleReason(pack.module);
    if (reserved) fail(reserved, 'module');
    const sameModule = others.find((p) => p.module === pack.module && p.name !== pack.name);
    if (sameModule) fail(`module ${pack.module} is already used by pack ${sameModule.name}`, 'module');
    if (pack.apis.length === 0) fail('declares no APIs', 'apis');
    const taken = new Map(others.flatMap((p) => p.apis.map((a) => [a.name, p.name] as const)));
    const own = new Set<string>();
    pack.apis.forEach((api, index) => {
      const parsed = apiDocumentSchema.safeParse(api);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        fail(`API ${api.name ?? index}: ${issue.message}`, ['apis', index, ...issue.path].join('.'));
      }
      if (api.module !== pack.module || api.pack !== pack.name) fail(`API ${api.name} does not belong to module ${pack.module}`, `apis.${index}.module`);
      if (own.has(api.name)) fail(`duplicate API name ${api.name}`, `apis.${index}.name`);
      const verbReason = reservedVerbReason(api.name.slice(pack.module.length + 1));
      if (verbReason) fail(verbReason, `apis.${index}.name`);
      for (const found of [...schemaPatterns(api.parameters, 'parameters'), ...schemaPatterns(api.returns, 'returns')]) {
        const unsafe = unsafePatternReason(found.pattern);
        if (unsafe)
          fail(`API ${api.name}: the schema pattern ${JSON.stringify(found.pattern.slice(0, 80))} is refused: ${unsafe}`, `apis.${index}.${found.path}`);
      }
      own.add(api.name);
      const holder = taken.get(api.name);
      if (holder) fail(`API ${api.name} is already provided by pack ${holder}`, `apis.${index}.name`);
    });
  }
}
