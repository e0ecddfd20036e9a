import type { PackErrorCode } from '../../../shared/errors';

/** Why a pack could not be fetched, unpacked or validated: the shared vocabulary (electron/shared/errors.ts). */
export type { PackErrorCode };

/** A refused pack: `message` is written for the person installing it and names the pack or the entry at fault. */
export class PackError extends Error {
  constructor(
    readonly code: PackErrorCode,
    message: string,
    readonly pack?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PackError';
  }
}

export function isPackError(error: unknown): error is PackError {
  return error instanceof PackError;
}
