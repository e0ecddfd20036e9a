import { rms } from '../../../../electron/shared/wav';

/**
 * The level meter's value (0..100) from a block's RMS: decibels from -60 dBFS (0) to 0 dBFS (100), which
 * follows loudness as heard far better than the raw RMS does.
 */
export function meterLevel(samples: Float32Array | Int16Array): number {
  const value = rms(samples);
  if (value <= 0) return 0;
  const db = 20 * Math.log10(value);
  return Math.round(Math.max(0, Math.min(100, ((db + 60) / 60) * 100)));
}

/** Smooths the meter: rises at once, falls slowly, so short peaks stay readable. */
export function smoothLevel(previous: number, current: number, fall = 0.6): number {
  return current >= previous ? current : Math.round(previous * fall + current * (1 - fall));
}
