import * as lancedb from '@lancedb/lancedb';
import { Field, FixedSizeList, Float32, Schema, Utf8 } from 'apache-arrow';

/** One API as the index stores it: the document rendered to text, its vector and a usage prior. */
export interface IndexRow {
  name: string;
  module: string;
  pack: string;
  text: string;
  effects: string;
  prior: number;
  vector: Float32Array;
}

export interface IndexHit {
  name: string;
  module: string;
  /** BM25 score (full text) or cosine distance (vector). */
  score: number;
}

export interface ApiIndexOptions {
  dimension: number;
  /** Provider cache key; it names the table so another embedder never reads stale vectors. */
  providerKey: string;
  /** Exact (flat) vector search below this many rows; an ANN index above. */
  flatThreshold?: number;
  /** Extra LanceDB storage options (credentials for s3://, gs://, az://). */
  storageOptions?: Record<string, string>;
  /** Table name (default: derived from the provider key). */
  table?: string;
}

export const DEFAULT_FLAT_THRESHOLD = 50_000;

/** SQL string literal for a LanceDB filter. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function tableNameFor(providerKey: string): string {
  return `apis_v1_${providerKey.replace(/[^A-Za-z0-9]+/g, '_').toLowerCase()}`;
}

/**
 * The LanceDB table of API documents with a BM25 full-text index on `text`, a vector index chosen by
 * size, and a bitmap index on `module` for the prefilter. Derived state: the selector rebuilds it
 * from the registry whenever it is missing, stale or unreadable.
 */
export class ApiIndex {
  private indexedRows = -1;
  private vectorIndexed = false;

  private constructor(
    private readonly db: lancedb.Connection,
    private table: lancedb.Table,
    readonly options: Required<Omit<ApiIndexOptions, 'storageOptions'>>,
    readonly tableName: string,
  ) {}

  static schema(dimension: number): Schema {
    return new Schema([
      new Field('name', new Utf8(), false),
      new Field('module', new Utf8(), false),
      new Field('pack', new Utf8(), false),
      new Field('text', new Utf8(), false),
      new Field('effects', new Utf8(), false),
      new Field('prior', new Float32(), false),
      new Field('vector', new FixedSizeList(dimension, new Field('item', new Float32(), true)), false),
    ]);
  }

  /**
   * Opens (or creates empty) the table at `uri`. `fresh` drops what is there first. Throws when the
   * data is unreadable; the caller decides to rebuild.
   */
  static async open(uri: string, options: ApiIndexOptions & { fresh?: boolean }): Promise<ApiIndex> {
    const db = await lancedb.connect(uri, options.storageOptions ? { storageOptions: options.storageOptions } : {});
    const name = options.table ?? tableNameFor(options.providerKey);
    const names = await db.tableNames();
    let table: lancedb.Table;
    if (names.includes(name) && !options.fresh) {
      table = await db.openTable(name);
    } else {
      table = await db.createEmptyTable(name, ApiIndex.schema(options.dimension), { mode: 'overwrite' });
    }
    return new ApiIndex(
      db,
      table,
      { dimension: options.dimension, providerKey: options.providerKey, flatThreshold: options.flatThreshold ?? DEFAULT_FLAT_THRESHOLD, table: name },
      name,
    );
  }

  /** Reads a little of everything so a damaged dataset fails here, not mid-query. */
  async verify(): Promise<number> {
    const rows = await this.table.countRows();
    if (rows > 0) {
      await this.table.query().select(['name', 'text', 'vector']).limit(1).toArray();
      await this.table.query().nearestTo(new Float32Array(this.options.dimension).fill(1 / Math.sqrt(this.options.dimension))).limit(1).toArray();
    }
    return rows;
  }

  count(): Promise<number> {
    return this.table.countRows();
  }

  /** Replaces everything (a rebuild) and builds the indices. */
  async replaceAll(rows: readonly IndexRow[]): Promise<void> {
    const fresh = await this.db.createEmptyTable(this.tableName, ApiIndex.schema(this.options.dimension), { mode: 'overwrite' });
    this.table = fresh;
    this.indexedRows = -1;
    this.vectorIndexed = false;
    for (let i = 0; i < rows.length; i += 50_000) await this.table.add(toRecords(rows.slice(i, i + 50_000)));
    await this.buildIndices();
  }

  /** Replaces one pack's rows; searchable at once (new rows are searched unindexed until the next optimize). */
  async replacePack(pack: string, rows: readonly IndexRow[]): Promise<void> {
    await this.table.delete(`pack = ${sqlString(pack)}`);
    if (rows.length > 0) await this.table.add(toRecords(rows));
  }

  async removePack(pack: string): Promise<void> {
    await this.table.delete(`pack = ${sqlString(pack)}`);
  }

  /** (Re)builds the full-text, module and vector indices for the current rows. */
  async buildIndices(): Promise<{ vectorIndex: 'flat' | 'ivf_pq' }> {
    const rows = await this.table.countRows();
    if (rows === 0) return { vectorIndex: 'flat' };
    await this.table.createIndex('text', { config: lancedb.Index.fts({ withPosition: false, baseTokenizer: 'simple', lowercase: true, stem: true, removeStopWords: true, language: 'English' }), replace: true });
    await this.table.createIndex('module', { config: lancedb.Index.bitmap(), replace: true });
    let vectorIndex: 'flat' | 'ivf_pq' = 'flat';
    if (rows >= this.options.flatThreshold) {
      const dim = this.options.dimension;
      const numSubVectors = [dim / 4, dim / 2, dim].find((s) => Number.isInteger(s))!;
      await this.table.createIndex('vector', {
        config: lancedb.Index.ivfPq({ numPartitions: Math.max(1, Math.round(Math.sqrt(rows))), numSubVectors, distanceType: 'cosine' }),
        replace: true,
      });
      vectorIndex = 'ivf_pq';
      this.vectorIndexed = true;
    }
    this.indexedRows = rows;
    return { vectorIndex };
  }

  /** Folds rows added since the last build into the indices (background work). */
  async optimize(): Promise<void> {
    const rows = await this.table.countRows();
    if (this.indexedRows < 0 || (!this.vectorIndexed && rows >= this.options.flatThreshold)) {
      await this.buildIndices();
      return;
    }
    await this.table.optimize();
    this.indexedRows = rows;
  }

  async fullText(text: string, limit: number, where?: string): Promise<IndexHit[]> {
    if (text.trim() === '') return [];
    let query = this.table.query().fullTextSearch(text, { columns: ['text'] }).select(['name', 'module', '_score']).limit(limit);
    if (where) query = query.where(where);
    const rows = await query.toArray();
    return rows.map((r: { name: string; module: string; _score: number }) => ({ name: r.name, module: r.module, score: r._score }));
  }

  async nearest(vector: Float32Array, limit: number, options: { where?: string; exact?: boolean; nprobes?: number; refineFactor?: number } = {}): Promise<IndexHit[]> {
    let query = this.table.query().nearestTo(vector).distanceType('cosine').select(['name', 'module', '_distance']).limit(limit);
    if (options.where) query = query.where(options.where);
    if (options.exact) query = query.bypassVectorIndex();
    else if (this.vectorIndexed) query = query.nprobes(options.nprobes ?? 40).refineFactor(options.refineFactor ?? 10);
    const rows = await query.toArray();
    return rows.map((r: { name: string; module: string; _distance: number }) => ({ name: r.name, module: r.module, score: r._distance }));
  }

  /** Which of these modules exist (for unknown-module warnings). */
  async modules(): Promise<Set<string>> {
    const rows = await this.table.query().select(['module']).toArray();
    return new Set(rows.map((r: { module: string }) => r.module));
  }

  /** Table names in the same database (for generations of a rebuilt index). */
  tableNames(): Promise<string[]> {
    return this.db.tableNames();
  }

  dropTable(name: string): Promise<void> {
    return this.db.dropTable(name);
  }

  close(): void {
    try {
      this.table.close();
      this.db.close();
    } catch {
      // Already closed.
    }
  }
}

function toRecords(rows: readonly IndexRow[]): Record<string, unknown>[] {
  return rows.map((r) => ({ name: r.name, module: r.module, pack: r.pack, text: r.text, effects: r.effects, prior: r.prior, vector: Array.from(r.vector) }));
}
