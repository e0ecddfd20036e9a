import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/helpers/temp-home';
import { createLogger, memorySink } from '../log/logger';
import { UsageStore, usageToCsv } from './usage-store';

let home: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => (home = await tempHome()));
afterEach(() => home.cleanup());

const logger = createLogger({ sinks: [memorySink()] });

describe('UsageStore', () => {
  it('counts calls, failures by code, latency, outcomes and thumbs, per pack, and persists them', async () => {
    const file = join(home.dir, 'usage.json');
    const store = new UsageStore(file, logger, 10_000, () => new Date('2026-11-21T00:00:00Z'));
    for (let i = 1; i <= 10; i++) store.recordCall('notes.create', 'notes', { ok: true, durationMs: i });
    store.recordCall('notes.create', 'notes', { ok: false, errorCode: 'API_ERROR', durationMs: 100 });
    store.recordCall('notes.create', 'notes', { ok: false, errorCode: 'TIMEOUT', durationMs: 30_000 });
    store.recordCall('maps.route', 'maps', { ok: true, durationMs: 5 });
    store.recordOutcome([{ api: 'notes.create', pack: 'notes' }], 'applied');
    store.recordOutcome([{ api: 'notes.create', pack: 'notes' }], 'discarded');
    store.recordThumb([{ api: 'notes.create', pack: 'notes' }], true);
    await store.dispose();

    const reloaded = new UsageStore(file, logger);
    await reloaded.load();
    const [notes] = reloaded.figures('notes');
    expect(reloaded.figures('notes')).toHaveLength(1);
    expect(notes).toMatchObject({
      api: 'notes.create',
      calls: 12,
      failures: 2,
      failuresByCode: { API_ERROR: 1, TIMEOUT: 1 },
      p50Ms: 6,
      p95Ms: 30_000,
      applied: 1,
      discarded: 1,
      thumbsUp: 1,
      thumbsDown: 0,
      lastUsedAt: '2026-11-21T00:00:00.000Z',
    });
    expect(reloaded.figures()).toHaveLength(2);
  });

  it('exports CSV with a header, one row per API and quoted cells', () => {
    const store = new UsageStore(join(home.dir, 'u.json'), logger);
    store.recordCall('a.b', 'pack, "quoted"', { ok: false, errorCode: 'API_ERROR', durationMs: 2 });
    const csv = usageToCsv(store.figures());
    const [header, row] = csv.split('\r\n');
    expect(header).toBe('api,pack,calls,failures,meanMs,p50Ms,p95Ms,applied,discarded,thumbsUp,thumbsDown,lastUsedAt,failuresByCode');
    expect(row).toMatch(/^a\.b,"pack, ""quoted""",1,1,2,2,2,0,0,0,0,[^,]+,API_ERROR:1$/);
    void store.dispose();
  });
});
