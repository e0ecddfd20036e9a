import { encodeWav, SPEECH_SAMPLE_RATE } from '../../../../electron/shared/wav';
import type { PcmChunk } from './pcm-worklet';
import workletUrl from './pcm-worklet.ts?worker&url';
import { errorMessage } from '../../../../electron/shared/errors';

/** Why the microphone could not be used; the composer shows each with its own advice. */
export type MicrophoneProblem = 'NO_MICROPHONE' | 'PERMISSION_DENIED' | 'MICROPHONE_BUSY' | 'UNSUPPORTED';

export class MicrophoneError extends Error {
  constructor(
    readonly reason: MicrophoneProblem,
    message: string,
  ) {
    super(message);
    this.name = 'MicrophoneError';
  }
}

/** What a finished recording gives: a 16 kHz mono PCM16 WAV. */
export interface Recording {
  wav: Uint8Array;
  durationMs: number;
}

/** One recording in progress. */
export interface Recorder {
  stop(): Promise<Recording>;
  /** Stops and drops the audio (the person pressed Escape, the page went away). */
  cancel(): void;
}

/** Opens the microphone and starts recording; `onLevel` gets the meter value (0..100) about ten times a second. */
export type OpenRecorder = (onLevel: (level: number) => void) => Promise<Recorder>;

/** getUserMedia's DOMException names, as the person would put them. */
export function microphoneError(error: unknown): MicrophoneError {
  const name = error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new MicrophoneError('PERMISSION_DENIED', 'Microphone permission was denied. Allow the microphone for Switchboard and try again.');
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new MicrophoneError('NO_MICROPHONE', 'No microphone was found. Connect one and try again.');
    case 'NotReadableError':
    case 'AbortError':
      return new MicrophoneError('MICROPHONE_BUSY', 'The microphone could not be started; another program may be using it.');
    default:
      return new MicrophoneError('UNSUPPORTED', `The microphone could not be opened${error instanceof Error && error.message ? `: ${error.message}` : '.'}`);
  }
}

/** The real recorder: getUserMedia → AudioWorklet (pcm-worklet.ts) → 16 kHz PCM16 chunks → WAV. */
export const openMicrophone: OpenRecorder = async (onLevel) => {
  if (!navigator.mediaDevices?.getUserMedia || typeof AudioWorkletNode === 'undefined') {
    throw new MicrophoneError('UNSUPPORTED', 'This window cannot record audio (no getUserMedia or AudioWorklet).');
  }
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: false, noiseSuppression: true, autoGainControl: true } });
  } catch (error) {
    throw microphoneError(error);
  }
  const context = new AudioContext();
  const release = () => {
    for (const track of stream.getTracks()) track.stop();
    void context.close().catch(() => undefined);
  };
  let node: AudioWorkletNode;
  try {
    await context.audioWorklet.addModule(workletUrl);
    await context.resume();
    node = new AudioWorkletNode(context, 'pcm16-capture', { numberOfInputs: 1, numberOfOutputs: 1, channelCountMode: 'explicit', channelCount: 1 });
  } catch (error) {
    release();
    throw new MicrophoneError('UNSUPPORTED', `The audio recorder could not start: ${errorMessage(error)}`);
  }
  const source = context.createMediaStreamSource(stream);
  const chunks: Int16Array[] = [];
  let finished: (() => void) | undefined;
  node.port.onmessage = (event: MessageEvent<PcmChunk | { done: true }>) => {
    if ('done' in event.data) return finished?.();
    chunks.push(event.data.pcm);
    onLevel(event.data.level);
  };
  // The node writes silence to its output; connecting it keeps the graph pulling it.
  source.connect(node);
  node.connect(context.destination);

  const teardown = () => {
    node.port.onmessage = null;
    source.disconnect();
    node.disconnect();
    release();
  };
  return {
    async stop() {
      await new Promise<void>((resolve) => {
        finished = resolve;
        node.port.postMessage('flush');
        setTimeout(resolve, 500); // a suspended context never answers: keep what arrived
      });
      teardown();
      const length = chunks.reduce((n, c) => n + c.length, 0);
      const samples = new Int16Array(length);
      let offset = 0;
      for (const chunk of chunks) {
        samples.set(chunk, offset);
        offset += chunk.length;
      }
      return { wav: encodeWav(samples, SPEECH_SAMPLE_RATE), durationMs: Math.round((length / SPEECH_SAMPLE_RATE) * 1000) };
    },
    cancel: teardown,
  };
};
