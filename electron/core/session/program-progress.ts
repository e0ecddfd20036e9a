import { estimateTokens } from '../model/provider';
import { MAX_PROGRESS_PROGRAM_CHARS } from '../../shared/turn';

/** What a progress event carries (turn.progress without its turn and attempt). */
export interface ProgramProgressFigures {
  chars: number;
  tokens: number;
  program: string;
}

/** At most about ten progress events a second reach the UI. */
export const PROGRESS_INTERVAL_MS = 100;

/**
 * Follows the streamed program replies of one turn (`{"program": "...", "summary": "..."}`, possibly after
 * an outline) and reports them at most once per interval across the whole turn: a reply's first piece as soon
 * as the interval allows, then whenever it has passed. A piece that arrives too soon is reported when the
 * interval ends (trailing edge), so a stream that pauses (a slow model, a held reply) still shows everything
 * received so far. `end()` after each reply drops a report still waiting, so none follows `turn.program`.
 */
export class ProgramProgress {
  private last = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly report: (figures: ProgramProgressFigures & { attempt: number }) => void,
    private readonly now: () => number = () => performance.now(),
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
  ) {}

  /** The chat request's onToken for one reply (the program of this attempt). */
  reply(attempt: number): (piece: string) => void {
    let text = '';
    const send = () => {
      this.timer = undefined;
      this.last = this.now();
      this.report({ attempt, chars: text.length, tokens: estimateTokens(text), program: partialProgram(text).slice(0, MAX_PROGRESS_PROGRAM_CHARS) });
    };
    return (piece) => {
      text += piece;
      const wait = this.intervalMs - (this.now() - this.last);
      if (wait <= 0) {
        this.end();
        send();
      } else if (!this.timer) {
        this.timer = setTimeout(send, wait);
        this.timer.unref?.();
      }
    };
  }

  /** The reply is over (or failed): a report still waiting is dropped. */
  end(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

const PROGRAM_KEY = /(?<!\\)"program"\s*:\s*"/;

/** The program string of a JSON reply cut anywhere: decoded up to its closing quote or the last whole escape. */
export function partialProgram(reply: string): string {
  const key = PROGRAM_KEY.exec(reply);
  if (!key) return '';
  const start = key.index + key[0].length;
  let i = start;
  let cut = -1;
  while (i < reply.length && reply[i] !== '"') {
    if (reply[i] !== '\\') {
      i += 1;
      continue;
    }
    const width = reply[i + 1] === 'u' ? 6 : 2;
    if (i + width > reply.length) {
      cut = i;
      break;
    }
    i += width;
  }
  const raw = reply.slice(start, cut >= 0 ? cut : i);
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    // A raw control character or a bad escape (a careless server): the text as sent, common escapes decoded.
    return raw.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
  }
}
