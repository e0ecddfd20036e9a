import { describe, expect, it } from 'vitest';
import { encodeWav, floatToPcm16, isSilent, parseWav, rms, SILENCE_RMS, WavError } from './wav';

const sine = (hz: number, seconds: number, amplitude: number, rate = 16_000) =>
  floatToPcm16(Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate)));

describe('WAV encode and parse', () => {
  it('writes a 44-byte RIFF header for 16 kHz mono 16-bit PCM and reads the same samples back', () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
    const wav = encodeWav(samples);
    expect(wav.length).toBe(44 + samples.length * 2);
    const view = new DataView(wav.buffer);
    expect(String.fromCharCode(...wav.subarray(0, 4))).toBe('RIFF');
    expect(view.getUint32(4, true)).toBe(wav.length - 8);
    expect(String.fromCharCode(...wav.subarray(8, 16))).toBe('WAVEfmt ');
    expect({
      format: view.getUint16(20, true),
      channels: view.getUint16(22, true),
      rate: view.getUint32(24, true),
      byteRate: view.getUint32(28, true),
      bits: view.getUint16(34, true),
    }).toEqual({
      format: 1,
      channels: 1,
      rate: 16_000,
      byteRate: 32_000,
      bits: 16,
    });
    const parsed = parseWav(wav);
    expect([...parsed.samples]).toEqual([...samples]);
    expect(parsed).toMatchObject({ sampleRate: 16_000, channels: 1, bitsPerSample: 16, format: 1 });
  });

  it('refuses what is not 16-bit PCM WAV, saying what is wrong', () => {
    expect(() => parseWav(new TextEncoder().encode('ID3 not a wave at all'))).toThrow(WavError);
    const float = encodeWav(Int16Array.from([1, 2]));
    new DataView(float.buffer).setUint16(20, 3, true); // IEEE float
    expect(() => parseWav(float)).toThrow(/not 16-bit integer PCM/);
    expect(() => parseWav(encodeWav(new Int16Array(4)).subarray(0, 36))).toThrow(/no data chunk/);
  });

  it('clamps floats beyond full scale', () => {
    expect([...floatToPcm16(Float32Array.from([2, -2, 0.5]))]).toEqual([32767, -32768, 16384]);
  });
});

describe('loudness', () => {
  it('rms is 0 for silence and about 0.707 of the amplitude for a sine', () => {
    expect(rms(new Int16Array(100))).toBe(0);
    expect(rms(sine(440, 0.5, 0.5))).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });

  it('a recording is silent only when no 50 ms window rises above the threshold', () => {
    expect(isSilent(new Int16Array(16_000))).toBe(true);
    expect(isSilent(sine(200, 1, SILENCE_RMS / 2))).toBe(true); // a faint hum
    const wordInQuiet = new Int16Array(32_000);
    wordInQuiet.set(sine(300, 0.1, 0.3), 20_000);
    expect(isSilent(wordInQuiet)).toBe(false);
  });
});
