import type { SpeechErrorData, SpeechErrorReason } from '../../shared/speech';

/** A transcription failure with the reason the UI branches on (see SPEECH_ERROR_REASONS). */
export class SpeechError extends Error {
  constructor(
    readonly reason: SpeechErrorReason,
    message: string,
    readonly data: Omit<SpeechErrorData, 'reason'> = {},
  ) {
    super(message);
    this.name = 'SpeechError';
  }
}

export function isSpeechError(value: unknown): value is SpeechError {
  return value instanceof SpeechError;
}
