import { z } from 'zod';

/** Contract shapes of speech: push-to-talk audio in, a transcript out. */

/** The largest recording accepted: 5 MB of WAV (about 2.7 minutes of 16 kHz mono 16-bit); as base64 it fits the 8 MB request limit (wire.ts). */
export const MAX_SPEECH_WAV_BYTES = 5 * 1024 * 1024;
/** base64 grows bytes by 4/3. */
const MAX_SPEECH_BASE64_CHARS = Math.ceil(MAX_SPEECH_WAV_BYTES / 3) * 4;

/**
 * Why a transcription failed, in `error.data.reason` of the failed Result (the error code stays one of
 * the generic ERROR_CODES). The UI branches on these.
 */
export const SPEECH_ERROR_REASONS = [
  /** Neither a transcription model at the endpoint nor a local whisper model: offer the download. */
  'NO_SPEECH_MODEL',
  /** The recording holds no speech (below the silence threshold). */
  'SILENCE',
  /** Not a 16 kHz mono 16-bit PCM WAV. */
  'INVALID_AUDIO',
  /** whisper.cpp was not compiled (no build tools at install) or cannot run here. */
  'SPEECH_ENGINE_UNAVAILABLE',
  /** Offline mode forbids the endpoint and no local model is there. */
  'OFFLINE',
  /** The provider (endpoint or whisper.cpp) failed; the message says how. */
  'PROVIDER_FAILED',
] as const;
export type SpeechErrorReason = (typeof SPEECH_ERROR_REASONS)[number];

/** `error.data` of a failed speech.transcribe. */
export const speechErrorDataSchema = z.object({
  reason: z.enum(SPEECH_ERROR_REASONS),
  /** NO_SPEECH_MODEL: the catalogue model to download (Settings → Models, or models.pull). */
  modelId: z.string().optional(),
  /** PROVIDER_FAILED: which provider failed. */
  provider: z.enum(['openai', 'whisper.cpp']).optional(),
});
export type SpeechErrorData = z.infer<typeof speechErrorDataSchema>;

export const speechProviderSchema = z.enum(['openai', 'whisper.cpp']);
export type SpeechProviderId = z.infer<typeof speechProviderSchema>;

export const speechStatusSchema = z.object({
  /** Which provider speech.transcribe would use now, or null when none can. */
  provider: speechProviderSchema.nullable(),
  /** Why the local engine cannot run (whisper.cpp not compiled), if so. */
  engineProblem: z.string().optional(),
  /** The catalogue id of the local speech model to download when none is installed. */
  modelId: z.string().optional(),
  message: z.string(),
});
export type SpeechStatus = z.infer<typeof speechStatusSchema>;

export const speechRoutes = {
  /** Transcribes a push-to-talk recording: a 16 kHz mono PCM16 WAV, base64. */
  'speech.transcribe': {
    input: z
      .object({
        audio: z
          .string()
          .min(1)
          .max(MAX_SPEECH_BASE64_CHARS, `the recording is larger than ${MAX_SPEECH_WAV_BYTES / 1024 / 1024} MB`)
          .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
        /** BCP-47 language hint ('en'); whisper detects it when absent. */
        language: z
          .string()
          .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
          .optional(),
      })
      .strict(),
    output: z.object({ text: z.string(), provider: speechProviderSchema, durationMs: z.number().int().nonnegative() }),
  },
  /** Which provider would transcribe, and why none can. */
  'speech.status': { input: z.object({}).strict().default({}), output: speechStatusSchema },
} as const;
