import { ApiIndex, connectIndex, tableNameFor, type ApiIndexOptions, type IndexRow } from './api-index';
import type { SelectorDoc } from './documents';
import { embedInBatches, type EmbeddingProvider } from './embedder';
import { SharedGenerations } from './shared-generations';
import { searchableText } from './tokenize';
import type { Logger } from '../log/logger';

/**
 * Index generations: each rebuild writes a new table `<base>_g<n>` while queries keep reading the
 * current one, then the older generations are dropped. Every connection goes through connectIndex
 * (the bounded cache session). A shared index (object storage, `shared` set) names its generations in
 * a pointer table instead (SharedGenerations): published, followed, collected, never listed or written in place.
 */

/** Documents embedded and written per batch in a rebuild. */
const ROW_BATCH = 5_000;

export type GenerationOptions = Omit<ApiIndexOptions, 'table'> & { storageOptions?: Record<string, string> };

/** Table names at `uri`. */
export async function listTables(uri: string, storageOptions?: Record<string, string>): Promise<string[]> {
  const db = await connectIndex(uri, storageOptions);
  try {
    return await db.tableNames();
  } finally {
    db.close();
  }
}

/** The generation number of a table of this provider (-1: not one of its generations). */
export function generationOf(base: string, name: string): number {
  const match = new RegExp(`^${base}_g(\\d+)$`).exec(name);
  return match ? Number(match[1]) : -1;
}

/** Opens the newest generation of the provider's table; throws when there is none or it cannot open. */
export async function openLatestGeneration(uri: string, options: GenerationOptions, shared?: SharedGenerations): Promise<ApiIndex> {
  const base = tableNameFor(options.providerKey);
  if (shared) {
    const current = await shared.current(base);
    if (!current) throw new Error('no index yet');
    return ApiIndex.open(uri, { ...options, table: current.table, mustExist: true });
  }
  const gens = (await listTables(uri, options.storageOptions)).map((n) => generationOf(base, n)).filter((g) => g >= 0);
  if (gens.length === 0) throw new Error('no index yet');
  return ApiIndex.open(uri, { ...options, table: `${base}_g${Math.max(...gens)}` });
}

/**
 * Creates the next generation (empty) and names the generations it will supersede. A shared index gets a
 * uniquely named table (instances may rebuild at once) and supersedes nothing here: see publishGeneration.
 */
export async function openNextGeneration(uri: string, options: GenerationOptions, shared?: SharedGenerations): Promise<{ index: ApiIndex; older: string[] }> {
  const base = tableNameFor(options.providerKey);
  if (shared) return { index: await ApiIndex.open(uri, { ...options, table: SharedGenerations.tableName(base), fresh: true }), older: [] };
  const older = (await listTables(uri, options.storageOptions)).filter((n) => generationOf(base, n) >= 0);
  const gen = Math.max(0, ...older.map((n) => generationOf(base, n))) + 1;
  const index = await ApiIndex.open(uri, { ...options, table: `${base}_g${gen}`, fresh: true });
  return { index, older: older.filter((n) => n !== index.tableName) };
}

/** Shared: publishes a complete generation (the pointer swap) before anyone, its writer included, reads it. */
export async function publishGeneration(shared: SharedGenerations, index: ApiIndex, options: GenerationOptions): Promise<void> {
  await shared.publish({ base: tableNameFor(options.providerKey), table: index.tableName, rows: await index.count(), createdAt: Date.now() });
}

/** Shared: deletes generations superseded longer than the keep period, in the background; failures are logged. */
export function collectGenerations(shared: SharedGenerations, serving: ApiIndex, options: GenerationOptions, logger: Logger): void {
  void shared
    .collect(tableNameFor(options.providerKey), serving.tableName)
    .catch((error) => logger.warn('could not collect old selector index generations', { error }));
}

/** Shared: opens the newest published generation when it is not `serving` (undefined: nothing newer). */
export async function openNewerGeneration(
  uri: string,
  options: GenerationOptions,
  shared: SharedGenerations,
  serving: string | undefined,
): Promise<ApiIndex | undefined> {
  const current = await shared.current(tableNameFor(options.providerKey));
  if (!current || current.table === serving) return undefined;
  return ApiIndex.open(uri, { ...options, table: current.table, mustExist: true });
}

export interface RowSource {
  embedder: EmbeddingProvider;
  /** The usage prior written to each row. */
  prior: (name: string) => number;
  /** The embedder failed: the rest of the rows go in with zero vectors. */
  onEmbedFailure: (error: unknown) => void;
}

/**
 * The index rows of some documents, embedded and yielded in batches (a rebuild streams them into the
 * table). If the embedder fails, the rest go in with zero vectors: the index still serves full-text
 * search, and the next rebuild fills the vectors in.
 */
export async function* indexRows(docs: readonly SelectorDoc[], source: RowSource): AsyncGenerator<IndexRow[]> {
  const zero = new Float32Array(source.embedder.dimension);
  let failed = false;
  for (let start = 0; start < docs.length; start += ROW_BATCH) {
    const batch = docs.slice(start, start + ROW_BATCH);
    let vectors: Float32Array[] = [];
    if (!failed) {
      try {
        vectors = await embedInBatches(
          source.embedder,
          batch.map((d) => d.text),
        );
      } catch (error) {
        source.onEmbedFailure(error);
        failed = true;
      }
    }
    yield batch.map((d, i) => ({
      name: d.name,
      module: d.module,
      pack: d.pack,
      text: searchableText(d.text, 20_000),
      effects: d.effects,
      prior: source.prior(d.name),
      vector: vectors[i] ?? zero,
    }));
  }
}
