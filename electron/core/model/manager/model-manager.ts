import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../config/atomic-write';
import { parseJsonOrUndefined } from '../../config/json-file';
import type { Logger } from '../../log/logger';
import { DEFAULT_CATALOG, loadCatalog, type CatalogEntry } from './catalog';
import { downloadFile, hashFile, type DownloadProgress, type FreeSpaceProbe } from './download';
import { ModelManagerError } from './errors';

export interface ModelStatus {
  entry: CatalogEntry;
  installed: boolean;
  /** Bytes of a partial download waiting to be resumed. */
  partialBytes: number;
  path: string;
}

export interface VerifyResult {
  id: string;
  status: 'ok' | 'mismatch' | 'missing' | 'unverified';
  message: string;
}

export interface ModelProgress extends DownloadProgress {
  id: string;
}

export interface ModelManagerOptions {
  modelsDir: string;
  /** A catalogue file replacing the built-in one (tests, mirrors). */
  catalogFile?: string;
  logger: Logger;
  freeSpace?: FreeSpaceProbe;
  fetch?: typeof fetch;
  retries?: number;
}

/** Hashes taken at download for entries without a published checksum. */
interface LocalRecord {
  [file: string]: { sha256: string; size: number; downloadedAt: string; verified: boolean };
}

/**
 * The models folder: the catalogue of recommended models, downloads (progress, resume, checksum,
 * free-space check, cancel), removal and verification. Partial downloads live in `.partial/`.
 */
export class ModelManager {
  private catalog: Promise<CatalogEntry[]> | undefined;
  private readonly pulls = new Map<string, { controller: AbortController; done: Promise<ModelStatus> }>();

  constructor(private readonly options: ModelManagerOptions) {}

  get modelsDir(): string {
    return this.options.modelsDir;
  }

  entries(): Promise<CatalogEntry[]> {
    this.catalog ??= this.options.catalogFile ? loadCatalog(this.options.catalogFile) : Promise.resolve([...DEFAULT_CATALOG]);
    return this.catalog;
  }

  async entry(id: string): Promise<CatalogEntry> {
    const entry = (await this.entries()).find((e) => e.id === id);
    if (!entry) throw new ModelManagerError('NOT_FOUND', `no model ${id} in the catalogue`);
    return entry;
  }

  /** Where a model file lives (whether or not it is there). */
  pathOf(entry: CatalogEntry): string {
    return join(this.options.modelsDir, entry.file);
  }

  async list(): Promise<ModelStatus[]> {
    return Promise.all((await this.entries()).map((entry) => this.status(entry)));
  }

  async status(entry: CatalogEntry): Promise<ModelStatus> {
    const path = this.pathOf(entry);
    return { entry, path, installed: (await sizeOf(path)) !== undefined, partialBytes: (await sizeOf(this.partialOf(entry))) ?? 0 };
  }

  isPulling(id: string): boolean {
    return this.pulls.has(id);
  }

  /** Downloads a model; a second pull of the same id while one runs joins it. */
  pull(id: string, options: { signal?: AbortSignal; onProgress?: (progress: ModelProgress) => void } = {}): Promise<ModelStatus> {
    const running = this.pulls.get(id);
    if (running) return running.done;
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) controller.abort();
    const done = this.runPull(id, controller.signal, options.onProgress).finally(() => {
      options.signal?.removeEventListener('abort', onAbort);
      this.pulls.delete(id);
    });
    this.pulls.set(id, { controller, done });
    return done;
  }

  /** Cancels a running pull; its partial file stays so the next pull resumes. */
  cancel(id: string): boolean {
    const running = this.pulls.get(id);
    running?.controller.abort();
    return running !== undefined;
  }

  private async runPull(id: string, signal: AbortSignal, onProgress?: (progress: ModelProgress) => void): Promise<ModelStatus> {
    const entry = await this.entry(id);
    const dest = this.pathOf(entry);
    if ((await sizeOf(dest)) !== undefined) return this.status(entry);
    this.options.logger.info('model download starting', { id, url: entry.url });
    const result = await downloadFile({
      url: entry.url,
      dest,
      partial: this.partialOf(entry),
      expected: {
        ...(entry.sizeApprox ? {} : { size: entry.size }),
        ...(entry.sha256 ? { sha256: entry.sha256 } : {}),
        ...(entry.sha1 ? { sha1: entry.sha1 } : {}),
      },
      signal,
      onProgress: (p) => onProgress?.({ id, ...p }),
      ...(this.options.freeSpace ? { freeSpace: this.options.freeSpace } : {}),
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      ...(this.options.retries !== undefined ? { retries: this.options.retries } : {}),
    });
    await this.record(entry.file, { sha256: result.sha256, size: result.size, downloadedAt: new Date().toISOString(), verified: result.verified });
    this.options.logger.info('model downloaded', { id, bytes: result.size, verified: result.verified, resumed: result.resumed });
    return this.status(entry);
  }

  /** Removes a model file and any partial download of it. */
  async remove(id: string): Promise<ModelStatus> {
    const entry = await this.entry(id);
    if (this.pulls.has(id)) throw new ModelManagerError('BUSY', `${id} is being downloaded; cancel it first`);
    const status = await this.status(entry);
    if (!status.installed && status.partialBytes === 0) throw new ModelManagerError('NOT_FOUND', `${id} is not installed`);
    await rm(this.pathOf(entry), { force: true });
    await rm(this.partialOf(entry), { force: true });
    const records = await this.records();
    delete records[entry.file];
    await writeFileAtomic(this.recordFile(), `${JSON.stringify(records, null, 2)}\n`, 0o644);
    return this.status(entry);
  }

  /** Checks every installed model against its published checksum, or the hash taken at download. */
  async verify(signal?: AbortSignal): Promise<VerifyResult[]> {
    const records = await this.records();
    const results: VerifyResult[] = [];
    for (const entry of await this.entries()) {
      const path = this.pathOf(entry);
      const size = await sizeOf(path);
      if (size === undefined) {
        results.push({ id: entry.id, status: 'missing', message: 'not downloaded' });
        continue;
      }
      const sums = await hashFile(path, signal);
      const published = entry.sha256 ? (['sha256', entry.sha256] as const) : entry.sha1 ? (['sha1', entry.sha1] as const) : undefined;
      const recorded = records[entry.file];
      if (published) {
        const ok = sums[published[0]] === published[1];
        results.push({
          id: entry.id,
          status: ok ? 'ok' : 'mismatch',
          message: ok ? `${published[0]} matches the published checksum` : `${published[0]} is ${sums[published[0]]}, the published one is ${published[1]}`,
        });
      } else if (recorded) {
        const ok = recorded.sha256 === sums.sha256;
        results.push({
          id: entry.id,
          status: ok ? 'unverified' : 'mismatch',
          message: ok
            ? 'unchanged since download (no published checksum to compare with)'
            : `changed since download: sha256 ${sums.sha256}, recorded ${recorded.sha256}`,
        });
      } else {
        results.push({ id: entry.id, status: 'unverified', message: `no published checksum; sha256 ${sums.sha256}` });
      }
    }
    return results;
  }

  private partialOf(entry: CatalogEntry): string {
    return join(this.options.modelsDir, '.partial', `${entry.file}.part`);
  }

  private recordFile(): string {
    return join(this.options.modelsDir, '.downloads.json');
  }

  private async records(): Promise<LocalRecord> {
    try {
      const parsed = parseJsonOrUndefined(await readFile(this.recordFile(), 'utf8'));
      return parsed && typeof parsed === 'object' ? (parsed as LocalRecord) : {};
    } catch {
      return {};
    }
  }

  private async record(file: string, value: LocalRecord[string]): Promise<void> {
    const records = await this.records();
    records[file] = value;
    await writeFileAtomic(this.recordFile(), `${JSON.stringify(records, null, 2)}\n`, 0o644);
  }

  /** Aborts running downloads (the core is stopping). */
  async dispose(): Promise<void> {
    const running = [...this.pulls.values()];
    for (const pull of running) pull.controller.abort();
    await Promise.allSettled(running.map((p) => p.done));
  }
}

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch {
    return undefined;
  }
}
