import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tableNameFor } from './api-index';
import { generationOf, listTables, openLatestGeneration, openNextGeneration } from './index-generations';

describe('index generations (real LanceDB in a temporary folder)', () => {
  let dir: string;
  const options = { dimension: 4, providerKey: 'test:gen' };
  const base = tableNameFor(options.providerKey);
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-generations-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads generation numbers only from this provider’s tables', () => {
    expect(generationOf(base, `${base}_g12`)).toBe(12);
    expect(generationOf(base, `${base}_g`)).toBe(-1);
    expect(generationOf(base, `${base}x_g1`)).toBe(-1);
    expect(generationOf(base, 'apis_v1_other_g1')).toBe(-1);
  });

  it('has no index in an empty folder, then opens the newest generation and names the older ones', async () => {
    await expect(openLatestGeneration(dir, options)).rejects.toThrow('no index yet');
    const first = await openNextGeneration(dir, options);
    expect(first.index.tableName).toBe(`${base}_g1`);
    expect(first.older).toEqual([]);
    first.index.close();
    const second = await openNextGeneration(dir, options);
    expect(second.index.tableName).toBe(`${base}_g2`);
    expect(second.older).toEqual([`${base}_g1`]);
    await second.index.dropTable(`${base}_g1`);
    second.index.close();
    expect(await listTables(dir)).toEqual([`${base}_g2`]);
    const latest = await openLatestGeneration(dir, options);
    expect(latest.tableName).toBe(`${base}_g2`);
    expect(await latest.count()).toBe(0);
    latest.close();
  });
});
