import type { StagingWorkspace } from '../../../apis/sdk';
import type { CallErrorCode } from '../../shared/errors';
import type { Result } from '../../shared/result';
import type { Disposable } from '../lifecycle';

/** How an API call can end without a value: the shared vocabulary (electron/shared/errors.ts). */
export type { CallErrorCode };

/** The outcome of one API call: a value, or an error value (never a throw across the boundary). */
export type CallOutcome = Result<unknown, CallErrorCode>;

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
