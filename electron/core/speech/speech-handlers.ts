import type { Handlers } from '../../shared/contract';
import { AppError, type ErrorCode } from '../../shared/result';
import type { SpeechErrorReason } from '../../shared/speech';
import { isSpeechError } from './speech-error';
import type { SpeechService } from './speech-service';

const CODES: Record<SpeechErrorReason, ErrorCode> = {
  NO_SPEECH_MODEL: 'UNAVAILABLE',
  SILENCE: 'INVALID_INPUT',
  INVALID_AUDIO: 'INVALID_INPUT',
  SPEECH_ENGINE_UNAVAILABLE: 'UNAVAILABLE',
  OFFLINE: 'UNAVAILABLE',
  PROVIDER_FAILED: 'UNAVAILABLE',
};

/** speech.transcribe and speech.status; a SpeechError becomes a failed Result with `data.reason`. */
export function speechHandlers(speech: SpeechService): Pick<Handlers, 'speech.transcribe' | 'speech.status'> {
  return {
    'speech.transcribe': async ({ audio, language }, ctx) => {
      try {
        return await speech.transcribe(new Uint8Array(Buffer.from(audio, 'base64')), { ...(language ? { language } : {}), signal: ctx.signal as AbortSignal });
      } catch (error) {
        if (!isSpeechError(error)) throw error;
        if (ctx.signal.aborted) throw new AppError('CANCELLED', 'the transcription was cancelled');
        throw new AppError(CODES[error.reason], error.message, { reason: error.reason, ...error.data });
      }
    },
    'speech.status': async () => speech.status(),
  };
}
