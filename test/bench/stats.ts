/** Percentile of a sample (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export interface Figure {
  name: string;
  n: number;
  p50_ms: number;
  p95_ms: number;
  /** Shown in the text table as `key value` (a list by its length); in `--json` as is. */
  extra?: Record<string, number | string | readonly object[]>;
}

/** Times `fn` `n` times after `warmup` runs, one call at a time; every call must return `{ ok: true }`. */
export async function measure(name: string, n: number, fn: () => Promise<{ ok: boolean }>, warmup = 20): Promise<Figure> {
  const checked = async (): Promise<void> => {
    const result = await fn();
    if (!result.ok) throw new Error(`${name}: a measured call failed: ${JSON.stringify(result)}`);
  };
  for (let i = 0; i < warmup; i++) await checked();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await checked();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { name, n, p50_ms: round(percentile(times, 50)), p95_ms: round(percentile(times, 95)) };
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
