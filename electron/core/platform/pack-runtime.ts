import type { StagingWorkspace } from '../../../apis/sdk';
import type { Disposable } from '../lifecycle';

/** Error codes an API call can end with, as a value the program (and the model) can inspect. */
export type CallErrorCode =
  | 'INVALID_ARGUMENTS'
  | 'PERMISSION_DENIED'
  | 'API_ERROR'
  | 'TIMEOUT'
  | 'CANCELLED'
  | 'PACK_CRASHED'
  | 'UNAVAILABLE'
  /** Raised by an API through the sdk's ApiError. */
  | 'NOT_FOUND'
  | 'INVALID_FILE'
  | 'TOO_LARGE'
  /** The person denied an approval the call needed. */
  | 'DENIED'
  /** A limit of the run (number of calls, sizes) stopped the call. */
  | 'LIMIT_EXCEEDED';

/** The outcome of one API call: a value, or an error value (never a throw across the boundary). */
export type CallOutcome = { ok: true; value: unknown } | { ok: false; error: { code: CallErrorCode; message: string } };

export interface CallOptions {
  signal: AbortSignal;
  /** Folders the person granted for this run. */
  roots: readonly string[];
  /** Wall-time limit for this call. */
  timeoutMs?: number;
  /** The run's staging workspace (in-process packs write their artifacts there). */
  staging?: StagingWorkspace;
  progress?: (fraction: number, message?: string) => void;
}

/** A loaded pack able to run its APIs: in process (built-in), a child process (JS pack) or an MCP server. */
export interface PackRuntime extends Disposable {
  /** Runs `verb` (the part after `module.`) with already-validated arguments. */
  call(verb: string, args: unknown, options: CallOptions): Promise<CallOutcome>;
}
