import { z } from 'zod';
import { routeErrorCodeSchema, type ErrorCode } from './errors';

/** Route error codes (SCREAMING_SNAKE, stable: clients branch on them); the vocabulary lives in errors.ts. */
export const ERROR_CODES = routeErrorCodeSchema.options;
export type { ErrorCode };

/** The error half of a {@link Result}: everything a client needs, serialisable as JSON. */
export interface ResultError<C extends string = ErrorCode> {
  code: C;
  message: string;
  data?: unknown;
}

/**
 * The one ok-union: what every route returns across IPC or the WebSocket, and the shape of every other
 * outcome in the code base (an API call's outcome is `Result<unknown, CallErrorCode>`). Expected failures
 * resolve; they do not throw.
 */
export type Result<T, C extends string = ErrorCode> = { ok: true; value: T } | { ok: false; error: ResultError<C> };

export const resultErrorSchema = z.object({
  code: routeErrorCodeSchema,
  message: z.string(),
  data: z.unknown().optional(),
});

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, data?: unknown): { ok: false; error: ResultError } {
  return data === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, data } };
}

/** Thrown inside core to end a request with a specific code; the router turns it into a failed Result. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly data?: unknown;

  constructor(code: ErrorCode, message: string, data?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.data = data;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
