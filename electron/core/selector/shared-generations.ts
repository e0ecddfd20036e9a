import { randomBytes } from 'node:crypto';
import type * as lancedb from '@lancedb/lancedb';
import { connectIndex, sqlString } from './api-index';
import type { Logger } from '../log/logger';

/**
 * The small LanceDB table that names each published generation of a shared index. A table version is one
 * manifest object written with a conditional PUT, so a reader sees a whole append or none of it.
 */
export const GENERATIONS_TABLE = 'selector_generations';

/** One published generation: a complete, indexed table that is never written again. */
export interface Generation {
  /** The embedder's table base (tableNameFor): generations of other embedders share the pointer table. */
  base: string;
  table: string;
  rows: number;
  /** Milliseconds since the epoch; the newest generation of a base is the current one. */
  createdAt: number;
}

/** A generation as the pointer table stores it. */
type StoredRow = {
  base: string;
  table_name: string;
  rows: number;
  created_at: number;
};

export interface SharedGenerationsOptions {
  /** A superseded generation stays readable this long (instances still on it switch within refreshMs). */
  keepMs: number;
  logger: Logger;
}

/**
 * Generations of a selector index on object storage, read and written by many instances at once. A rebuild
 * writes a new uniquely named table, then appends one row here (the pointer swap); readers only ever open
 * a table a row names, so a query sees the old generation or the new one, never a table being written.
 * Tables are found through these rows, never by listing the bucket.
 */
export class SharedGenerations {
  constructor(
    private readonly uri: string,
    private readonly storageOptions: Record<string, string> | undefined,
    private readonly options: SharedGenerationsOptions,
  ) {}

  /** A table name no other instance will choose (instances may rebuild at the same time). */
  static tableName(base: string, now = Date.now()): string {
    return `${base}_s${now.toString(36)}${randomBytes(4).toString('hex')}`;
  }

  /** The generations of `base`, oldest first (empty when none was published). */
  async list(base: string): Promise<Generation[]> {
    const db = await connectIndex(this.uri, this.storageOptions);
    try {
      const table = await this.openPointer(db);
      if (!table) return [];
      try {
        const rows = (await table
          .query()
          .where(`base = ${sqlString(base)}`)
          .select(['base', 'table_name', 'rows', 'created_at'])
          .toArray()) as StoredRow[];
        return rows
          .map((r) => ({ base: r.base, table: r.table_name, rows: Number(r.rows), createdAt: Number(r.created_at) }))
          .sort((a, b) => a.createdAt - b.createdAt || a.table.localeCompare(b.table));
      } finally {
        table.close();
      }
    } finally {
      db.close();
    }
  }

  /** The current generation of `base`: the newest published. */
  async current(base: string): Promise<Generation | undefined> {
    return (await this.list(base)).at(-1);
  }

  /** Publishes a complete generation: from now on it is the current one for every instance. */
  async publish(generation: Generation): Promise<void> {
    const db = await connectIndex(this.uri, this.storageOptions);
    try {
      const row: StoredRow[] = [{ base: generation.base, table_name: generation.table, rows: generation.rows, created_at: generation.createdAt }];
      const existing = await this.openPointer(db);
      if (existing) {
        await existing.add(row);
        existing.close();
        return;
      }
      try {
        (await db.createTable(GENERATIONS_TABLE, row, { mode: 'create' })).close();
      } catch {
        // Another instance created it first (its first manifest won the conditional PUT): append instead.
        const table = await db.openTable(GENERATIONS_TABLE);
        await table.add(row);
        table.close();
      }
    } finally {
      db.close();
    }
  }

  /**
   * Deletes generations superseded more than keepMs ago (never `serving`, never the current one), then their
   * rows. Returns the tables deleted. A table that cannot be deleted keeps its row, to be tried again.
   */
  async collect(base: string, serving: string, now = Date.now()): Promise<string[]> {
    const generations = await this.list(base);
    const stale = generations.filter((g, i) => i < generations.length - 1 && g.table !== serving && now - generations[i + 1]!.createdAt >= this.options.keepMs);
    if (stale.length === 0) return [];
    const db = await connectIndex(this.uri, this.storageOptions);
    const dropped: string[] = [];
    try {
      for (const g of stale) {
        try {
          await db.dropTable(g.table);
          dropped.push(g.table);
        } catch (error) {
          if (/not found/i.test(String(error))) dropped.push(g.table);
          else this.options.logger.warn('could not delete a superseded selector index generation', { table: g.table, error });
        }
      }
      const table = dropped.length > 0 ? await this.openPointer(db) : undefined;
      if (table) {
        await table.delete(`table_name IN (${dropped.map(sqlString).join(', ')})`);
        table.close();
      }
    } finally {
      db.close();
    }
    return dropped;
  }

  private async openPointer(db: lancedb.Connection): Promise<lancedb.Table | undefined> {
    try {
      return await db.openTable(GENERATIONS_TABLE);
    } catch (error) {
      if (/not found|does not exist/i.test(String(error))) return undefined;
      throw error;
    }
  }
}
