import { describe, expect, it } from 'vitest';
import { meterLevel, smoothLevel } from './level';

describe('level meter', () => {
  it('maps -60..0 dBFS to 0..100', () => {
    expect(meterLevel(new Float32Array(64))).toBe(0);
    expect(meterLevel(new Float32Array(64).fill(1))).toBe(100);
    expect(meterLevel(new Float32Array(64).fill(0.001))).toBe(0); // -60 dBFS
    expect(meterLevel(new Float32Array(64).fill(0.0316))).toBe(50); // about -30 dBFS
  });

  it('rises at once and falls slowly', () => {
    expect(smoothLevel(10, 80)).toBe(80);
    expect(smoothLevel(80, 0)).toBe(48);
  });
});
