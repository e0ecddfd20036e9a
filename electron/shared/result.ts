import { z } from 'zod';

/** Error codes that cross a boundary. SCREAMING_SNAKE, stable: clients branch on them. */
export const ERROR_CODES = [
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
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The error half of a {@link Result}: everything a client needs, serialisable as JSON. */
export interface ResultError {
  code: ErrorCode;
  message: string;
  data?: unknown;
}

/** What every route returns across IPC or the WebSocket. Expected failures resolve; they do not throw. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ResultError };

export const resultErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
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
