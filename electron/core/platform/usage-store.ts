import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../config/atomic-write';
import type { Disposable } from '../lifecycle';
import type { Logger } from '../log/logger';

const LATENCY_SAMPLES = 200;

const apiUsageSchema = z.object({
  api: z.string(),
  pack: z.string(),
  calls: z.number().int().nonnegative(),
  failures: z.record(z.string(), z.number().int().nonnegative()),
  totalMs: z.number().nonnegative(),
  /** The most recent call latencies (bounded), for percentiles. */
  recentMs: z.array(z.number().nonnegative()).max(LATENCY_SAMPLES),
  applied: z.number().int().nonnegative(),
  discarded: z.number().int().nonnegative(),
  thumbsUp: z.number().int().nonnegative(),
  thumbsDown: z.number().int().nonnegative(),
  lastUsedAt: z.string().optional(),
});
type ApiUsage = z.infer<typeof apiUsageSchema>;
const usageFileSchema = z.object({ schemaVersion: z.literal(1), apis: z.array(apiUsageSchema) });

/** Figures for one API, as shown to pack authors. */
export interface ApiUsageFigures {
  api: string;
  pack: string;
  calls: number;
  failures: number;
  failuresByCode: Record<string, number>;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  applied: number;
  discarded: number;
  thumbsUp: number;
  thumbsDown: number;
  lastUsedAt?: string;
}

/**
 * Usage figures per API (TaskMatrix's feedback to API developers): calls, failures by error code,
 * latency, runs applied or discarded, thumbs. Persisted atomically; writes are batched.
 */
export class UsageStore implements Disposable {
  private readonly usage = new Map<string, ApiUsage>();
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly logger: Logger,
    private readonly flushDelayMs = 1000,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async load(): Promise<void> {
    try {
      const parsed = usageFileSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      if (!parsed.success) throw new Error('invalid usage file');
      for (const entry of parsed.data.apis) this.usage.set(entry.api, entry);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.warn('usage figures could not be read; starting from zero', { error });
    }
  }

  recordCall(api: string, pack: string, outcome: { ok: boolean; errorCode?: string; durationMs: number }): void {
    const entry = this.entry(api, pack);
    entry.calls += 1;
    entry.totalMs += outcome.durationMs;
    entry.recentMs.push(Math.round(outcome.durationMs * 1000) / 1000);
    if (entry.recentMs.length > LATENCY_SAMPLES) entry.recentMs.shift();
    if (!outcome.ok) {
      const code = outcome.errorCode ?? 'UNKNOWN';
      entry.failures[code] = (entry.failures[code] ?? 0) + 1;
    }
    entry.lastUsedAt = this.now().toISOString();
    this.touch();
  }

  /** A run that used these APIs was applied or discarded. */
  recordOutcome(apis: readonly { api: string; pack: string }[], outcome: 'applied' | 'discarded'): void {
    for (const { api, pack } of apis) this.entry(api, pack)[outcome] += 1;
    this.touch();
  }

  recordThumb(apis: readonly { api: string; pack: string }[], up: boolean): void {
    for (const { api, pack } of apis) this.entry(api, pack)[up ? 'thumbsUp' : 'thumbsDown'] += 1;
    this.touch();
  }

  /** Figures for every API of a pack (or all), sorted by API name. */
  figures(pack?: string): ApiUsageFigures[] {
    return [...this.usage.values()]
      .filter((u) => pack === undefined || u.pack === pack)
      .sort((a, b) => a.api.localeCompare(b.api))
      .map((u) => {
        const sorted = [...u.recentMs].sort((a, b) => a - b);
        const pick = (p: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! : 0);
        const failures = Object.values(u.failures).reduce((s, n) => s + n, 0);
        return {
          api: u.api,
          pack: u.pack,
          calls: u.calls,
          failures,
          failuresByCode: { ...u.failures },
          meanMs: u.calls ? Math.round((u.totalMs / u.calls) * 1000) / 1000 : 0,
          p50Ms: pick(0.5),
          p95Ms: pick(0.95),
          applied: u.applied,
          discarded: u.discarded,
          thumbsUp: u.thumbsUp,
          thumbsDown: u.thumbsDown,
          ...(u.lastUsedAt ? { lastUsedAt: u.lastUsedAt } : {}),
        };
      });
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return this.writing;
    this.dirty = false;
    const snapshot = JSON.stringify({ schemaVersion: 1, apis: [...this.usage.values()] });
    this.writing = this.writing.then(() => writeFileAtomic(this.file, snapshot)).catch((error) => this.logger.error('could not save usage figures', { error }));
    return this.writing;
  }

  async dispose(): Promise<void> {
    await this.flush();
  }

  private entry(api: string, pack: string): ApiUsage {
    let entry = this.usage.get(api);
    if (!entry) {
      entry = { api, pack, calls: 0, failures: {}, totalMs: 0, recentMs: [], applied: 0, discarded: 0, thumbsUp: 0, thumbsDown: 0 };
      this.usage.set(api, entry);
    }
    return entry;
  }

  private touch(): void {
    this.dirty = true;
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushDelayMs);
      this.timer.unref();
    }
  }
}

const CSV_COLUMNS: (keyof ApiUsageFigures)[] = [
  'api',
  'pack',
  'calls',
  'failures',
  'meanMs',
  'p50Ms',
  'p95Ms',
  'applied',
  'discarded',
  'thumbsUp',
  'thumbsDown',
  'lastUsedAt',
];

/** RFC 4180 CSV of usage figures, with failures by code as one `CODE:n;...` column. */
export function usageToCsv(figures: readonly ApiUsageFigures[]): string {
  const cell = (value: unknown): string => {
    const text = value === undefined ? '' : String(value);
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const header = [...CSV_COLUMNS, 'failuresByCode'].join(',');
  const rows = figures.map((f) =>
    [
      ...CSV_COLUMNS.map((c) => cell(f[c])),
      cell(
        Object.entries(f.failuresByCode)
          .map(([k, v]) => `${k}:${v}`)
          .join(';'),
      ),
    ].join(','),
  );
  return `${[header, ...rows].join('\r\n')}\r\n`;
}
