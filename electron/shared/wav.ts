/**
 * WAV (RIFF, PCM) encoding and parsing, and the loudness figures both sides of the speech route use.
 * Pure functions over typed arrays: the renderer encodes what it recorded, the core checks what it got.
 */

/** The one format push-to-talk records and whisper.cpp reads: 16 kHz, mono, 16-bit PCM. */
export const SPEECH_SAMPLE_RATE = 16_000;

/** Below this RMS (of full scale, 0..1) a recording counts as silence: about -50 dBFS. */
export const SILENCE_RMS = 0.003;

export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** 1 = integer PCM (the only format parsed). */
  format: number;
  /** The samples, interleaved when there is more than one channel. */
  samples: Int16Array;
  durationMs: number;
}

export class WavError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WavError';
  }
}

/** Clamps float samples (-1..1) to 16-bit integers. */
export function floatToPcm16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    out[i] = s < 0 ? Math.round(s * 0x8000) : Math.round(s * 0x7fff);
  }
  return out;
}

/** A mono 16-bit PCM WAV file: the 44-byte RIFF header, then the samples little-endian. */
export function encodeWav(samples: Int16Array, sampleRate: number = SPEECH_SAMPLE_RATE): Uint8Array {
  const dataBytes = samples.length * 2;
  const bytes = new Uint8Array(44 + dataBytes);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) bytes[offset + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(44 + i * 2, samples[i]!, true);
  return bytes;
}

/** Reads a PCM WAV's format chunk and samples; throws {@link WavError} saying what is wrong. */
export function parseWav(bytes: Uint8Array): WavInfo {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new WavError('not a WAV file (no RIFF/WAVE header)');
  let offset = 12;
  let fmt: { format: number; channels: number; sampleRate: number; bitsPerSample: number } | undefined;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw new WavError('the WAV format chunk is truncated');
      fmt = {
        format: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt) throw new WavError('the WAV data chunk comes before its format chunk');
      if (fmt.format !== 1 || fmt.bitsPerSample !== 16)
        throw new WavError(`the WAV is not 16-bit integer PCM (format ${fmt.format}, ${fmt.bitsPerSample} bits)`);
      // A recorder that never patched the size (streaming) writes 0 or 0xFFFFFFFF: take what is there.
      const available = bytes.length - body;
      const length = size === 0 || size > available ? available : size;
      const count = Math.floor(length / 2);
      const samples = new Int16Array(count);
      for (let i = 0; i < count; i++) samples[i] = view.getInt16(body + i * 2, true);
      const frames = count / Math.max(1, fmt.channels);
      return { ...fmt, samples, durationMs: fmt.sampleRate > 0 ? Math.round((frames / fmt.sampleRate) * 1000) : 0 };
    }
    offset = body + size + (size % 2); // chunks are word-aligned
  }
  throw new WavError('the WAV has no data chunk');
}

/** Root mean square of 16-bit samples as a fraction of full scale (0 silent, ~0.7 a full-scale sine). */
export function rms(samples: Int16Array | Float32Array): number {
  if (samples.length === 0) return 0;
  const scale = samples instanceof Int16Array ? 1 / 0x8000 : 1;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]! * scale;
    sum += s * s;
  }
  return Math.sqrt(sum / samples.length);
}

/**
 * True when no 50 ms window of the recording rises above `threshold` RMS: a recording with a short word
 * in a long quiet stretch is still speech, a steady hum below the threshold is not.
 */
export function isSilent(samples: Int16Array, sampleRate: number = SPEECH_SAMPLE_RATE, threshold: number = SILENCE_RMS): boolean {
  const window = Math.max(1, Math.round(sampleRate / 20));
  for (let start = 0; start < samples.length; start += window) {
    if (rms(samples.subarray(start, Math.min(samples.length, start + window))) > threshold) return false;
  }
  return true;
}
