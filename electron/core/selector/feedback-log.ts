import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { FeedbackOutcome } from './feedback-memory';

const lineSchema = z.object({ at: z.string(), request: z.string(), apis: z.array(z.string()), outcome: z.enum(['applied', 'discarded', 'up', 'down']) });
export type FeedbackRecord = z.infer<typeof lineSchema>;

/**
 * The persisted feedback: one JSON line per outcome, appended. A torn or invalid line (a crash mid
 * append) is skipped on load; the memory is rebuilt from these lines at start.
 */
export class FeedbackLog {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  async load(): Promise<FeedbackRecord[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const out: FeedbackRecord[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const parsed = lineSchema.safeParse(JSON.parse(line));
        if (parsed.success) out.push(parsed.data);
      } catch {
        // A torn line: skip it.
      }
    }
    return out;
  }

  append(entry: { request: string; apis: readonly string[]; outcome: FeedbackOutcome }, at = new Date()): Promise<void> {
    const line = `${JSON.stringify({ at: at.toISOString(), request: entry.request, apis: entry.apis, outcome: entry.outcome })}\n`;
    const run = async (): Promise<void> => {
      await mkdir(dirname(this.file), { recursive: true });
      await appendFile(this.file, line, { mode: 0o600 });
    };
    this.queue = this.queue.then(run, run);
    return this.queue;
  }

  flush(): Promise<void> {
    return this.queue.catch(() => undefined);
  }
}
