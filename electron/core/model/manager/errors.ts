export type ModelManagerErrorCode = 'NOT_FOUND' | 'BAD_CATALOG' | 'CHECKSUM_MISMATCH' | 'SIZE_MISMATCH' | 'NO_SPACE' | 'NETWORK' | 'CANCELLED' | 'BUSY';

/** A model download or file operation that failed, with a code the UI and the CLI branch on. */
export class ModelManagerError extends Error {
  constructor(
    readonly code: ModelManagerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ModelManagerError';
  }
}

export function isModelManagerError(value: unknown): value is ModelManagerError {
  return value instanceof ModelManagerError;
}
