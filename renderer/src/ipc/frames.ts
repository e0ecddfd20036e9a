import { isEventName, type EventName } from '../../../electron/shared/contract';
import { fail, resultErrorSchema, type Result, type ResultError } from '../../../electron/shared/result';
import type { ClientFrame } from '../../../electron/shared/wire';

/** A server frame after checking its shape. Anything else becomes `invalid` and is dropped by the caller. */
export type ParsedServerFrame =
  | { type: 'response'; id: number | string; result: Result<unknown> }
  | { type: 'event'; event: EventName; payload: unknown }
  | { type: 'error'; error: ResultError }
  | { type: 'invalid'; reason: string };

export function encodeClientFrame(frame: ClientFrame): string {
  return JSON.stringify(frame);
}

/** Parses one message from the socket. Never throws: the host is trusted, but a bad frame must not kill the client. */
export function parseServerFrame(data: unknown): ParsedServerFrame {
  if (typeof data !== 'string') return invalid('frame is not text');
  let frame: unknown;
  try {
    frame = JSON.parse(data);
  } catch {
    return invalid('frame is not JSON');
  }
  if (!isRecord(frame)) return invalid('frame is not an object');
  switch (frame.type) {
    case 'response': {
      const { id } = frame;
      if (typeof id !== 'number' && typeof id !== 'string') return invalid('response without an id');
      return { type: 'response', id, result: toResult(frame.result) };
    }
    case 'event':
      if (!isEventName(frame.event)) return invalid(`unknown event ${JSON.stringify(frame.event)}`);
      return { type: 'event', event: frame.event, payload: frame.payload };
    case 'error': {
      const error = resultErrorSchema.safeParse(frame.error);
      return error.success ? { type: 'error', error: error.data } : invalid('error frame without a valid error');
    }
    default:
      return invalid(`unknown frame type ${JSON.stringify(frame.type)}`);
  }
}

/** A reply that is not a well-formed Result still settles the request, as a failure the UI can show. */
function toResult(value: unknown): Result<unknown> {
  if (isRecord(value)) {
    if (value.ok === true && 'value' in value) return { ok: true, value: value.value };
    if (value.ok === false) {
      const error = resultErrorSchema.safeParse(value.error);
      if (error.success) return { ok: false, error: error.data };
    }
  }
  return fail('MALFORMED_MESSAGE', 'the host sent a malformed reply');
}

function invalid(reason: string): ParsedServerFrame {
  return { type: 'invalid', reason };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
