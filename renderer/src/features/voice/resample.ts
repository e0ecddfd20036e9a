/**
 * Streaming downsampler to 16 kHz for push-to-talk. Audio arrives in small blocks (128 frames in an
 * AudioWorklet) at the device rate (48 kHz, 44.1 kHz, ...); each output sample averages the input samples
 * of its period (a box low-pass, enough against aliasing for speech) and the phase carries across blocks.
 */
export class StreamingResampler {
  /** Input samples consumed and output samples produced so far; integers, so block size never shifts a boundary. */
  private consumed = 0;
  private produced = 0;
  private boundary: number;
  private sum = 0;
  private count = 0;

  constructor(
    readonly inputRate: number,
    readonly outputRate: number = 16_000,
  ) {
    if (!(inputRate > 0) || !(outputRate > 0)) throw new RangeError('sample rates must be positive');
    if (outputRate > inputRate) throw new RangeError(`cannot upsample ${inputRate} Hz to ${outputRate} Hz`);
    this.boundary = this.endOf(0);
  }

  /** Feeds one block; returns the output samples it completes. */
  push(block: Float32Array): Float32Array {
    const out = new Float32Array(Math.ceil(((block.length + 1) * this.outputRate) / this.inputRate) + 1);
    let written = 0;
    for (let i = 0; i < block.length; i++) {
      this.sum += block[i]!;
      this.count++;
      this.consumed++;
      if (this.consumed >= this.boundary) {
        out[written++] = this.sum / this.count;
        this.sum = 0;
        this.count = 0;
        this.produced++;
        this.boundary = this.endOf(this.produced);
      }
    }
    return out.subarray(0, written);
  }

  /** The input sample count at which output sample `k` is complete. */
  private endOf(k: number): number {
    return Math.floor(((k + 1) * this.inputRate) / this.outputRate);
  }
}

/** Resamples a whole buffer at once (tests, and recordings already in memory). */
export function resample(samples: Float32Array, inputRate: number, outputRate = 16_000): Float32Array {
  if (inputRate === outputRate) return samples.slice();
  return new StreamingResampler(inputRate, outputRate).push(samples);
}

/** Mixes a block's channels down to mono (the mean of the channels). */
export function mixToMono(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (!first) return new Float32Array(0);
  if (channels.length === 1) return first.slice();
  const out = new Float32Array(first.length);
  for (const channel of channels) for (let i = 0; i < out.length; i++) out[i]! += (channel[i] ?? 0) / channels.length;
  return out;
}
