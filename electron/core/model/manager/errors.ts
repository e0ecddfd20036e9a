import type { ModelFileErrorCode } from '../../../shared/errors';

/** Why a model download or file operation failed: the shared vocabulary (electron/shared/errors.ts). */
export type ModelManagerErrorCode = ModelFileErrorCode;

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
