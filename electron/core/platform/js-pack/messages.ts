import { z } from 'zod';
import { callErrorCodeSchema } from '../../../shared/errors';

/** Longest message text kept from a pack (logs, errors); the rest is cut. */
export const MAX_TEXT = 4000;

const text = z.string().transform((s) => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}...` : s));
const id = z.number().int().nonnegative();

/**
 * Everything a pack's child process may send. It runs untrusted code, so each message is parsed here;
 * error codes are limited to the two a pack may report about itself.
 */
export const childMessageSchema = z.union([
  z.object({ type: z.literal('ready'), verbs: z.array(z.string().max(200)).max(10_000) }).strict(),
  z.object({ type: z.literal('load-error'), message: text }).strict(),
  z.object({ type: z.literal('log'), message: text }).strict(),
  z.object({ type: z.literal('result'), id, ok: z.literal(true), value: z.unknown() }).strict(),
  z
    .object({
      type: z.literal('result'),
      id,
      ok: z.literal(false),
      error: z.object({ code: callErrorCodeSchema.extract(['PERMISSION_DENIED', 'API_ERROR']).catch('API_ERROR'), message: text }).strict(),
    })
    .strict(),
]);

/** What the host sends to the child. */
export type HostMessage = { type: 'call'; id: number; verb: string; args: unknown; roots: readonly string[] } | { type: 'cancel'; id: number };

/** The child's startup configuration, passed as its one argument. */
export interface RunnerConfig {
  main: string;
  hosts: readonly string[];
  maxResultBytes: number;
}
