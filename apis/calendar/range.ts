import { z } from 'zod';
import { ApiError } from '../sdk';
import { parseWhen, WHEN_HELP, wallMs, zonedMs } from './time';

export const rangeFields = {
  from: z.string().min(8).max(40).optional().describe(`keep events that end after this moment: ${WHEN_HELP}`),
  to: z
    .string()
    .min(8)
    .max(40)
    .optional()
    .describe('keep events that start before this moment; a bare date means the end of that day ("2024-05-01" keeps all of May 1)'),
};

/** [fromMs, toMs) from ISO inputs; local times and dates read in `zone`, a bare `to` date includes its day. */
export function rangeOf(args: { from?: string | undefined; to?: string | undefined }, zone: string): { fromMs?: number; toMs?: number } {
  const at = (text: string, field: string, endOfDay: boolean): number => {
    const when = parseWhen(text, field);
    if (when.kind === 'instant') return when.ms;
    const ms = zonedMs(when.wall, zone);
    return when.kind === 'date' && endOfDay ? zonedMs({ ...when.wall, ...dayAfter(when.wall) }, zone) : ms;
  };
  const fromMs = args.from === undefined ? undefined : at(args.from, 'from', false);
  const toMs = args.to === undefined ? undefined : at(args.to, 'to', true);
  if (fromMs !== undefined && toMs !== undefined && toMs <= fromMs) throw new ApiError('INVALID_ARGUMENTS', `to ${args.to} is not after from ${args.from}`);
  return { ...(fromMs === undefined ? {} : { fromMs }), ...(toMs === undefined ? {} : { toMs }) };
}

function dayAfter(w: { year: number; month: number; day: number }): { year: number; month: number; day: number } {
  const d = new Date(wallMs({ ...w, hour: 0, minute: 0, second: 0 }) + 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
