import { speechErrorDataSchema, type SpeechErrorReason } from '../../../electron/shared/speech';
import type { MicrophoneProblem, Recorder } from '../features/voice/recorder';
import { toBase64 } from './attachments';
import { call } from './call';
import type { SliceCreator } from './types';
import { errorMessage } from '../../../electron/shared/errors';

export type VoicePhase = 'idle' | 'starting' | 'recording' | 'transcribing';
/** Who holds push-to-talk: the composer's button or the V key. Releasing the other one does nothing. */
export type VoiceSource = 'button' | 'key';
export type VoiceProblemReason = MicrophoneProblem | SpeechErrorReason | 'TOO_SHORT' | 'NOTHING_RECOGNISED' | 'FAILED';

export interface VoiceProblem {
  reason: VoiceProblemReason;
  message: string;
  /** NO_SPEECH_MODEL: the catalogue model to download. */
  modelId?: string;
}

export interface VoiceSlice {
  voicePhase: VoicePhase;
  voiceSource: VoiceSource | null;
  /** The microphone level, 0..100, while recording. */
  voiceLevel: number;
  voiceProblem: VoiceProblem | null;
  /** Bumped when a transcript lands in the composer, so the composer can take focus. */
  voiceTranscripts: number;
  /** Opens the microphone and records until stopVoice. */
  startVoice(source: VoiceSource): Promise<void>;
  /** Stops recording, transcribes, and puts the text in the composer (or sends it, per the settings). */
  stopVoice(source: VoiceSource): Promise<void>;
  cancelVoice(): void;
  dismissVoiceProblem(): void;
}

/** Recordings shorter than this are a tap, not speech. */
export const MIN_RECORDING_MS = 300;
/** Recording stops by itself here: 150 s of 16 kHz PCM16 is 4.8 MB, inside speech.transcribe's 5 MB. */
export const MAX_RECORDING_MS = 150_000;

export const createVoiceSlice: SliceCreator<VoiceSlice> =
  ({ bridge, recorder: openRecorder }) =>
  (set, get) => {
    let recorder: Recorder | undefined;
    let stopRequested = false;
    let limit: ReturnType<typeof setTimeout> | undefined;

    const finish = (patch: Partial<VoiceSlice>) => {
      if (limit) clearTimeout(limit);
      limit = undefined;
      recorder = undefined;
      set({ voicePhase: 'idle', voiceSource: null, voiceLevel: 0, ...patch });
    };

    const transcribe = async (rec: Recorder) => {
      set({ voicePhase: 'transcribing', voiceLevel: 0 });
      const recording = await rec.stop();
      if (recording.durationMs < MIN_RECORDING_MS) {
        return finish({ voiceProblem: { reason: 'TOO_SHORT', message: 'That was too short to hear anything. Hold the button (or V) while you speak.' } });
      }
      const result = await call(bridge, 'speech.transcribe', { audio: toBase64(recording.wav) });
      if (!result.ok) {
        const data = speechErrorDataSchema.safeParse(result.error.data);
        const reason = data.success ? data.data.reason : 'FAILED';
        const message =
          reason === 'SILENCE'
            ? 'Nothing was heard: the recording is silent. Check that the right microphone is on and not muted.'
            : reason === 'NO_SPEECH_MODEL'
              ? 'No speech model is installed. Download the local Whisper model, or set a transcription model for your endpoint in Settings → Models.'
              : `Could not transcribe: ${result.error.message}`;
        return finish({ voiceProblem: { reason, message, ...(data.success && data.data.modelId ? { modelId: data.data.modelId } : {}) } });
      }
      const text = result.value.text.trim();
      if (text === '')
        return finish({ voiceProblem: { reason: 'NOTHING_RECOGNISED', message: 'No words were recognised. Try again, a little closer to the microphone.' } });
      const { draft, settings } = get();
      get().setDraft(draft.trim() === '' ? text : `${draft.replace(/\s+$/, '')} ${text}`);
      finish({ voiceTranscripts: get().voiceTranscripts + 1 });
      if (settings?.voice.sendImmediately) await get().sendDraft();
    };

    return {
      voicePhase: 'idle',
      voiceSource: null,
      voiceLevel: 0,
      voiceProblem: null,
      voiceTranscripts: 0,

      async startVoice(source) {
        if (get().voicePhase !== 'idle') return;
        stopRequested = false;
        set({ voicePhase: 'starting', voiceSource: source, voiceProblem: null, voiceLevel: 0 });
        if (!openRecorder) return finish({ voiceProblem: { reason: 'UNSUPPORTED', message: 'This window cannot record audio.' } });
        try {
          recorder = await openRecorder((level) => {
            if (get().voicePhase === 'recording') set({ voiceLevel: level });
          });
        } catch (error) {
          const reason = (error as { reason?: MicrophoneProblem }).reason ?? 'UNSUPPORTED';
          return finish({ voiceProblem: { reason, message: errorMessage(error) } });
        }
        set({ voicePhase: 'recording' });
        limit = setTimeout(() => void get().stopVoice(source), MAX_RECORDING_MS);
        // Released while the microphone was opening: stop now.
        if (stopRequested) await get().stopVoice(source);
      },

      async stopVoice(source) {
        const { voicePhase, voiceSource } = get();
        if (voiceSource !== source) return;
        if (voicePhase === 'starting') {
          stopRequested = true;
          return;
        }
        if (voicePhase !== 'recording' || !recorder) return;
        const rec = recorder;
        recorder = undefined;
        try {
          await transcribe(rec);
        } catch (error) {
          finish({ voiceProblem: { reason: 'FAILED', message: `Could not transcribe: ${errorMessage(error)}` } });
        }
      },

      cancelVoice() {
        recorder?.cancel();
        finish({});
      },

      dismissVoiceProblem: () => set({ voiceProblem: null }),
    };
  };
