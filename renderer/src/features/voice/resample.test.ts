import { describe, expect, it } from 'vitest';
import { rms } from '../../../../electron/shared/wav';
import { mixToMono, resample, StreamingResampler } from './resample';

const tone = (hz: number, rate: number, seconds: number) =>
  Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / rate));

/** The strongest frequency among candidates (a DFT at each). */
function dominant(samples: Float32Array, rate: number, candidates: number[]): number {
  const power = (hz: number) => {
    let re = 0;
    let im = 0;
    for (let i = 0; i < samples.length; i++) {
      re += samples[i]! * Math.cos((2 * Math.PI * hz * i) / rate);
      im += samples[i]! * Math.sin((2 * Math.PI * hz * i) / rate);
    }
    return re * re + im * im;
  };
  return candidates.reduce((best, hz) => (power(hz) > power(best) ? hz : best));
}

describe('resampling to 16 kHz', () => {
  it('48 kHz → 16 kHz keeps the length ratio, the pitch and the level of a tone', () => {
    const input = tone(440, 48_000, 1);
    const out = resample(input, 48_000, 16_000);
    expect(out.length).toBe(16_000);
    expect(dominant(out, 16_000, [220, 440, 880, 1000])).toBe(440);
    expect(rms(out)).toBeCloseTo(rms(input), 2);
  });

  it('streams in 128-frame blocks to exactly what one pass gives (the phase carries across blocks)', () => {
    for (const rate of [48_000, 44_100]) {
      const input = tone(300, rate, 0.5);
      const whole = resample(input, rate);
      const streamer = new StreamingResampler(rate);
      const parts: number[] = [];
      for (let i = 0; i < input.length; i += 128) parts.push(...streamer.push(input.subarray(i, i + 128)));
      expect(parts.length).toBe(whole.length);
      expect(Math.max(...parts.map((v, i) => Math.abs(v - whole[i]!)))).toBeLessThan(1e-6);
      expect(Math.abs(whole.length - input.length * (16_000 / rate))).toBeLessThanOrEqual(1);
    }
  });

  it('averages away a tone above the 8 kHz Nyquist limit of the output instead of folding it in at full level', () => {
    const out = resample(tone(16_000, 48_000, 0.5), 48_000);
    expect(rms(out)).toBeLessThan(0.05);
  });

  it('refuses to upsample', () => {
    expect(() => new StreamingResampler(8_000, 16_000)).toThrow(RangeError);
  });

  it('mixes channels to their mean', () => {
    expect([...mixToMono([Float32Array.from([1, 0]), Float32Array.from([0, 0.5])])]).toEqual([0.5, 0.25]);
  });
});
