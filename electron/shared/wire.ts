import { z } from 'zod';
import type { resultErrorSchema } from './result';

/** Frames on the browser host's WebSocket. Client → server: request, cancel. Server → client: response, event, error. */

const frameId = z.union([z.number().int().nonnegative(), z.string().max(64)]);

export const clientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('request'), id: frameId, route: z.string().max(128), input: z.unknown() }).strict(),
  z.object({ type: z.literal('cancel'), id: frameId }).strict(),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export type ServerFrame =
  | { type: 'response'; id: number | string; result: unknown }
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'error'; error: z.infer<typeof resultErrorSchema> };

/** Limits every transport enforces. */
export const LIMITS = {
  /** Largest request accepted (bytes of JSON). Sized for a minute of 16 kHz WAV, base64-encoded. */
  maxRequestBytes: 8 * 1024 * 1024,
  /** Requests per second a client may sustain, and its burst. */
  requestsPerSecond: 100,
  requestBurst: 200,
  /** Requests one client may have in flight at once. */
  maxInFlight: 64,
} as const;
