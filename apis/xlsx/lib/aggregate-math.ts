import type { CellJson } from './io';

export const FUNCTIONS = ['sum', 'avg', 'min', 'max', 'count', 'countDistinct'] as const;
export type AggregateFn = (typeof FUNCTIONS)[number];

/** One aggregate over a column's values: numbers only for sum/avg/min/max (text that parses as a number counts). */
export function aggregateValues(values: CellJson[], fn: AggregateFn): number | null {
  if (fn === 'count') return values.filter((v) => v !== null && v !== '').length;
  if (fn === 'countDistinct') return new Set(values.filter((v) => v !== null && v !== '').map((v) => String(v))).size;
  const nums = values
    .map((v) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN))
    .filter((n) => Number.isFinite(n));
  if (nums.length === 0) return null;
  if (fn === 'sum') return round(nums.reduce((a, b) => a + b, 0));
  if (fn === 'avg') return round(nums.reduce((a, b) => a + b, 0) / nums.length);
  return fn === 'min' ? Math.min(...nums) : Math.max(...nums);
}

/** Removes binary floating-point noise (0.1 + 0.2) without losing real precision. */
function round(x: number): number {
  return Number(x.toPrecision(12));
}
