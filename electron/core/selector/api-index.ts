import type * as LanceDb from '@lancedb/lancedb';
import { collectGarbage } from './collect-garbage';
import type * as Arrow from 'apache-arrow';
import { lazyModule } from '../../../apis/sdk/lazy-module';

// LanceDB and Arrow load when the selector first opens its index, not when the core starts.
const lancedb = lazyModule<typeof LanceDb>('@lancedb/lancedb');
const arrow = lazyModule<typeof Arrow>('apache-arrow');

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
  /** Approximate-search settings (above the flat threshold). */
  ann?: Partial<AnnSettings>;
}

/** How the approximate vector index is built and searched. */
export interface AnnSettings {
  kind: 'ivf_pq' | 'ivf_flat';
  /** IVF partitions = round(rows / rowsPerPartition). */
  rowsPerPartition: number;
  /** PQ sub-vectors (dimension must divide by it). */
  numSubVectors: number;
  nprobes: number;
  /** PQ candidates re-ranked with the full vectors: limit × refineFactor (1: none; IVF-flat needs none). */
  refineFactor: number;
}

export const DEFAULT_ANN: AnnSettings = { kind: 'ivf_flat', rowsPerPartition: 1000, numSubVectors: 25, nprobes: 20, refineFactor: 1 };

export const DEFAULT_FLAT_THRESHOLD = 50_000;
/** Rows per Arrow batch written to the table: bounds the memory a bulk load holds at once. */
export const INGEST_BATCH = 5_000;
/** Bulk loads of at least this many rows collect garbage before the index build (see collectGarbage). */
const GC_BEFORE_BUILD_ROWS = 20_000;
/**
 * LanceDB caches opened indices (default 6 GB) and file metadata (default 1 GB) per session; these caps keep
 * a long-running app bounded. Measured alone on this machine with IVF-flat, a 64 MB index cache used less
 * memory at 100k (374 vs 436 MB added) and less CPU per query at 1M (17.5 vs 21.7 ms) than 256 MB.
 */
const INDEX_CACHE_BYTES = 64n * 1024n * 1024n;
const METADATA_CACHE_BYTES = 64n * 1024n * 1024n;
let session: LanceDb.Session | undefined;
function sharedSession(): LanceDb.Session {
  session ??= new lancedb.Session(INDEX_CACHE_BYTES, METADATA_CACHE_BYTES);
  return session;
}

/** Connects with the selector's bounded cache session (shared by every connection in the process). */
export function connectIndex(uri: string, storageOptions?: Record<string, string>): Promise<LanceDb.Connection> {
  return lancedb.connect(uri, storageOptions ? { storageOptions } : {}, sharedSession());
}

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
    private readonly db: LanceDb.Connection,
    private table: LanceDb.Table,
    readonly options: Required<Omit<ApiIndexOptions, 'storageOptions' | 'ann'>>,
    readonly ann: AnnSettings,
    readonly tableName: string,
  ) {}

  static schema(dimension: number): Arrow.Schema {
    return new arrow.Schema([
      new arrow.Field('name', new arrow.Utf8(), false),
      new arrow.Field('module', new arrow.Utf8(), false),
      new arrow.Field('pack', new arrow.Utf8(), false),
      new arrow.Field('text', new arrow.Utf8(), false),
      new arrow.Field('effects', new arrow.Utf8(), false),
      new arrow.Field('prior', new arrow.Float32(), false),
      new arrow.Field('vector', new arrow.FixedSizeList(dimension, new arrow.Field('item', new arrow.Float32(), true)), false),
    ]);
  }

  /**
   * Opens (or creates empty) the table at `uri`. `fresh` drops what is there first. Throws when the
   * data is unreadable; the caller decides to rebuild.
   */
  static async open(uri: string, options: ApiIndexOptions & { fresh?: boolean; mustExist?: boolean }): Promise<ApiIndex> {
    const db = await connectIndex(uri, options.storageOptions);
    const name = options.table ?? tableNameFor(options.providerKey);
    let table: LanceDb.Table;
    // `mustExist` (a published generation on object storage) opens by name: listing a bucket is slow, and
    // some S3-compatible servers list nested prefixes wrongly; a missing table must fail, never be recreated.
    if (options.mustExist) table = await db.openTable(name);
    else if (!options.fresh && (await db.tableNames()).includes(name)) {
      table = await db.openTable(name);
    } else {
      table = await db.createEmptyTable(name, ApiIndex.schema(options.dimension), { mode: 'overwrite' });
    }
    return new ApiIndex(
      db,
      table,
      { dimension: options.dimension, providerKey: options.providerKey, flatThreshold: options.flatThreshold ?? DEFAULT_FLAT_THRESHOLD, table: name },
      { ...DEFAULT_ANN, ...options.ann },
      name,
    );
  }

  /** Reads a little of everything so a damaged dataset fails here, not mid-query. */
  async verify(): Promise<number> {
    const rows = await this.table.countRows();
    if (rows > 0) {
      await this.table.query().select(['name', 'text', 'vector']).limit(1).toArray();
      await this.table
        .query()
        .nearestTo(new Float32Array(this.options.dimension).fill(1 / Math.sqrt(this.options.dimension)))
        .limit(1)
        .toArray();
    }
    return rows;
  }

  count(): Promise<number> {
    return this.table.countRows();
  }

  /**
   * Replaces everything (a rebuild) and builds the indices. Rows may come as batches (an async
   * iterable), so a large registry is never held as rows all at once.
   */
  async replaceAll(rows: readonly IndexRow[] | AsyncIterable<readonly IndexRow[]>): Promise<void> {
    const fresh = await this.db.createEmptyTable(this.tableName, ApiIndex.schema(this.options.dimension), { mode: 'overwrite' });
    this.table = fresh;
    this.indexedRows = -1;
    this.vectorIndexed = false;
    const batches = Symbol.asyncIterator in rows ? rows : [rows];
    for await (const batch of batches)
      for (let i = 0; i < batch.length; i += INGEST_BATCH) await this.table.add(toArrow(batch.slice(i, i + INGEST_BATCH), this.options.dimension));
    await this.buildIndices({ unserved: true });
  }

  /** Replaces one pack's rows; searchable at once (new rows are searched unindexed until the next optimize). */
  async replacePack(pack: string, rows: readonly IndexRow[]): Promise<void> {
    await this.table.delete(`pack = ${sqlString(pack)}`);
    for (let i = 0; i < rows.length; i += INGEST_BATCH) await this.table.add(toArrow(rows.slice(i, i + INGEST_BATCH), this.options.dimension));
    // Without a full-text index LanceDB cannot rank by BM25: the first rows get one at once (small).
    if (!(await this.hasTextIndex())) await this.buildIndices();
  }

  private async hasTextIndex(): Promise<boolean> {
    if (this.indexedRows >= 0) return true;
    const indices = await this.table.listIndices();
    const has = indices.some((i) => i.columns.includes('text'));
    if (has) this.indexedRows = await this.table.countRows();
    return has;
  }

  /** Appends rows without touching the indices (bulk loads; call buildIndices after). */
  async appendRows(rows: readonly IndexRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INGEST_BATCH) await this.table.add(toArrow(rows.slice(i, i + INGEST_BATCH), this.options.dimension));
  }

  /**
   * Compacts the table, then (re)builds the full-text, module and vector indices for the current rows.
   * `unserved`: no query reads this table yet (a bulk load), so superseded files go at once; otherwise
   * they stay for LanceDB's usual cleanup, as a query in flight may still read them.
   */
  async buildIndices(options: { unserved?: boolean } = {}): Promise<{ vectorIndex: 'flat' | AnnSettings['kind'] }> {
    const rows = await this.table.countRows();
    if (rows === 0) return { vectorIndex: 'flat' };
    if (options.unserved) {
      // Dead buffers of the bulk load go before the index build allocates on top of them.
      if (rows >= GC_BEFORE_BUILD_ROWS) collectGarbage();
      await this.compact();
    } else await this.table.optimize();
    await this.table.createIndex('text', {
      config: lancedb.Index.fts({ withPosition: false, baseTokenizer: 'simple', lowercase: true, stem: true, removeStopWords: true, language: 'English' }),
      replace: true,
    });
    await this.table.createIndex('module', { config: lancedb.Index.bitmap(), replace: true });
    let vectorIndex: 'flat' | AnnSettings['kind'] = 'flat';
    if (rows >= this.options.flatThreshold) {
      const dim = this.options.dimension;
      const ann = this.ann;
      const numPartitions = Math.max(1, Math.round(rows / ann.rowsPerPartition));
      const numSubVectors = [ann.numSubVectors, dim / 4, dim / 2, dim].find((s) => Number.isInteger(s) && Number.isInteger(dim / s))!;
      // IVF-flat (exact inside the probed partitions) is the default: measured alone on this machine it beats
      // IVF-PQ + refine at 1M (p95 19 vs 38 ms, recall@10 1.0 vs 0.963, index 35 vs 61 s) at the cost of disk
      // (946 vs 589 MB) and, at 100k, about 70 MB more memory (README, selector scale).
      const config =
        ann.kind === 'ivf_flat'
          ? lancedb.Index.ivfFlat({ numPartitions, distanceType: 'cosine' })
          : lancedb.Index.ivfPq({ numPartitions, numSubVectors, distanceType: 'cosine' });
      await this.table.createIndex('vector', { config, replace: true });
      vectorIndex = ann.kind;
      this.vectorIndexed = true;
    }
    this.indexedRows = rows;
    return { vectorIndex };
  }

  /**
   * Merges the fragments a bulk load leaves (one per Arrow batch: 200 at 1M rows) into large ones and drops
   * the superseded files. Every query takes its result rows from the data files: measured on this machine at
   * 1M (load average about 3) the hybrid query cost 20.5 ms of CPU over 200 fragments and 6.9 over one.
   * The table is derived state this process has just written, so unverified (recent) files may go.
   */
  async compact(): Promise<void> {
    if ((await this.fragments()) > 1) await this.table.optimize({ cleanupOlderThan: new Date(), deleteUnverified: true });
  }

  /** Data fragments (files) the table is made of. */
  async fragments(): Promise<number> {
    return (await this.table.stats()).fragmentStats.numFragments;
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
    let query = this.table
      .query()
      .fullTextSearch(text, { columns: ['text'] })
      .select(['name', '_score'])
      .limit(limit);
    if (where) query = query.where(where);
    return hits(await query.toArrow(), '_score');
  }

  async nearest(
    vector: Float32Array,
    limit: number,
    options: { where?: string; exact?: boolean; nprobes?: number; refineFactor?: number } = {},
  ): Promise<IndexHit[]> {
    let query = this.table.query().nearestTo(vector).distanceType('cosine').select(['name', '_distance']).limit(limit);
    if (options.where) query = query.where(options.where);
    if (options.exact) query = query.bypassVectorIndex();
    else if (this.vectorIndexed) {
      query = query.nprobes(options.nprobes ?? this.ann.nprobes);
      const refine = options.refineFactor ?? this.ann.refineFactor;
      if (refine > 1) query = query.refineFactor(refine);
    }
    return hits(await query.toArrow(), '_distance');
  }

  /** The API names the table holds. */
  async names(): Promise<Set<string>> {
    const table = await this.table.query().select(['name']).toArrow();
    const column = table.getChild('name');
    const out = new Set<string>();
    for (let i = 0; i < table.numRows; i++) out.add(column!.get(i) as string);
    return out;
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

/** Reads the name and score columns straight from Arrow (no row objects). */
function hits(table: Arrow.Table, scoreColumn: string): IndexHit[] {
  const names = table.getChild('name');
  const scores = table.getChild(scoreColumn);
  const out: IndexHit[] = [];
  for (let i = 0; i < table.numRows; i++) out.push({ name: names!.get(i) as string, score: Number(scores!.get(i)) });
  return out;
}

/** Rows as one Arrow batch: vectors go into one contiguous Float32Array, never into JS number arrays. */
export function toArrow(rows: readonly IndexRow[], dimension: number): Arrow.Table {
  const schema = ApiIndex.schema(dimension);
  const n = rows.length;
  const flat = new Float32Array(n * dimension);
  rows.forEach((r, i) => flat.set(r.vector.subarray(0, dimension), i * dimension));
  const prior = new Float32Array(n);
  rows.forEach((r, i) => (prior[i] = r.prior));
  const text = (pick: (r: IndexRow) => string) => arrow.vectorFromArray(rows.map(pick), new arrow.Utf8()).data[0]!;
  const vectorType = schema.fields[6]!.type as Arrow.FixedSizeList<Arrow.Float32>;
  const children = [
    text((r) => r.name),
    text((r) => r.module),
    text((r) => r.pack),
    text((r) => r.text),
    text((r) => r.effects),
    arrow.makeData({ type: new arrow.Float32(), length: n, data: prior }),
    arrow.makeData({ type: vectorType, length: n, nullCount: 0, child: arrow.makeData({ type: new arrow.Float32(), length: n * dimension, data: flat }) }),
  ];
  const data = arrow.makeData({ type: new arrow.Struct(schema.fields), length: n, nullCount: 0, children });
  return new arrow.Table(schema, [new arrow.RecordBatch(schema, data)]);
}
