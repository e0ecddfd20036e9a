import { z } from 'zod';
import { API_ERROR_CODES } from '../../apis/sdk';

/**
 * The error vocabulary every boundary speaks, one zod enum per kind of failure: a route (IPC, WebSocket, CLI
 * --json), an API call inside a program, a run of a program, a model provider, the model downloads and
 * pack installs.
 * Codes are SCREAMING_SNAKE and stable: clients, programs and the model branch on them.
 * `errorMessage` is defined once, in the sdk (packs can import nothing else), and re-exported here.
 */
export { errorMessage } from '../../apis/sdk';

/** Why a route failed: the `error.code` of a failed {@link Result} (result.ts). */
export const routeErrorCodeSchema = z.enum([
  'UNKNOWN_ROUTE',
  'UNKNOWN_EVENT',
  'INVALID_INPUT',
  'INVALID_OUTPUT',
  'PAYLOAD_TOO_LARGE',
  'MALFORMED_MESSAGE',
  'FORBIDDEN_SENDER',
  'RATE_LIMITED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'CANCELLED',
  'UNAVAILABLE',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof routeErrorCodeSchema>;

/**
 * How one API call ended when it did not return a value: what the program (and the model) sees as
 * `{ code, message }`. The sdk's API_ERROR_CODES are those a pack raises itself with ApiError; among them
 * UNAVAILABLE: the pack cannot take calls now (stopped, starting, unreachable), or a program the API needs
 * is not installed (the message says what to install).
 */
export const callErrorCodeSchema = z.enum([
  ...API_ERROR_CODES,
  /** The call ran past its time limit. */
  'TIMEOUT',
  'CANCELLED',
  /** The pack's process or server stopped during the call. */
  'PACK_CRASHED',
  /** The person denied an approval the call needed. */
  'DENIED',
  /** A limit of the run (number of calls, sizes) stopped the call. */
  'LIMIT_EXCEEDED',
]);
export type CallErrorCode = z.infer<typeof callErrorCodeSchema>;

/**
 * Why a run of a program ended without a value (`error.code` of run.finished): the run's own failures, or
 * the code of a failed API call the program did not catch (an ApiCallError ends the program with its code).
 */
export const runErrorCodeSchema = z.enum([
  ...callErrorCodeSchema.options,
  /** The verifier refused the program before it ran. */
  'VERIFY_FAILED',
  /** The run's inputs (attachments, roots) were refused before it ran. */
  'INVALID_INPUT',
  /** The program threw (anything but an ApiCallError). */
  'PROGRAM_ERROR',
  /** The program's result could not be carried out of the sandbox as JSON. */
  'RESULT_NOT_JSON',
  /** The sandbox itself failed (worker crash, interpreter error). */
  'SANDBOX_ERROR',
]);
export type RunErrorCode = z.infer<typeof runErrorCodeSchema>;

/** Why a model provider (chat, embeddings, transcription) failed. */
export const modelErrorCodeSchema = z.enum([
  'UNSUPPORTED',
  'NOT_CONFIGURED',
  'AUTH',
  'UNAVAILABLE',
  'BAD_RESPONSE',
  'CANCELLED',
  'RATE_LIMITED',
  'CONTEXT_OVERFLOW',
]);
export type ModelErrorCode = z.infer<typeof modelErrorCodeSchema>;

/** Why a model download or model-file operation failed (in `error.data.reason` of the models.* routes). */
export const modelFileErrorCodeSchema = z.enum(['NOT_FOUND', 'BAD_CATALOG', 'CHECKSUM_MISMATCH', 'SIZE_MISMATCH', 'NO_SPACE', 'NETWORK', 'CANCELLED', 'BUSY']);
export type ModelFileErrorCode = z.infer<typeof modelFileErrorCodeSchema>;

/** Why a pack could not be fetched, unpacked or validated (in `error.data.reason` of the packs.* routes). */
export const packErrorCodeSchema = z.enum(['BAD_SOURCE', 'BAD_ARCHIVE', 'BAD_MANIFEST', 'INTEGRITY', 'NOT_FOUND', 'NETWORK', 'TOO_LARGE']);
export type PackErrorCode = z.infer<typeof packErrorCodeSchema>;
