/**
 * The AudioWorklet that captures push-to-talk audio: mixes the microphone's channels to mono, downsamples
 * to 16 kHz, converts to 16-bit PCM and posts it to the page in ~100 ms chunks with the chunk's level.
 * Bundled on its own by Vite (`?worker&url`) and loaded with audioWorklet.addModule.
 */
import { floatToPcm16, SPEECH_SAMPLE_RATE } from '../../../../electron/shared/wav';
import { meterLevel } from './level';
import { mixToMono, StreamingResampler } from './resample';

/** The worklet scope's globals (the DOM lib does not describe AudioWorkletGlobalScope). */
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: new () => AudioWorkletProcessor): void;

/** What the worklet posts: a chunk of 16 kHz PCM16 and its level (0..100). */
export interface PcmChunk {
  pcm: Int16Array;
  level: number;
}

const CHUNK_SAMPLES = SPEECH_SAMPLE_RATE / 10;

class Pcm16CaptureProcessor extends AudioWorkletProcessor {
  private readonly resampler = new StreamingResampler(sampleRate, SPEECH_SAMPLE_RATE);
  private pending: Float32Array[] = [];
  private pendingLength = 0;

  constructor() {
    super();
    // 'flush' at the end of a recording: post what is left, then say it is all there.
    this.port.onmessage = (event: MessageEvent) => {
      if (event.data !== 'flush') return;
      if (this.pendingLength > 0) this.flush();
      this.port.postMessage({ done: true });
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0];
    if (channels && channels.length > 0) {
      const out = this.resampler.push(mixToMono(channels));
      if (out.length > 0) {
        this.pending.push(out);
        this.pendingLength += out.length;
      }
      if (this.pendingLength >= CHUNK_SAMPLES) this.flush();
    }
    return true;
  }

  private flush(): void {
    const joined = new Float32Array(this.pendingLength);
    let offset = 0;
    for (const part of this.pending) {
      joined.set(part, offset);
      offset += part.length;
    }
    this.pending = [];
    this.pendingLength = 0;
    const chunk: PcmChunk = { pcm: floatToPcm16(joined), level: meterLevel(joined) };
    this.port.postMessage(chunk, [chunk.pcm.buffer]);
  }
}

registerProcessor('pcm16-capture', Pcm16CaptureProcessor);
