import type { RunResult } from '../executor';

/** The turn's reply composed from the run (no model call): what was done, then the staged artifacts to preview. */
export function composeAnswer(summary: string, run: RunResult, notes: readonly string[] = []): string {
  const lines: string[] = [];
  switch (run.status) {
    case 'completed': {
      const failed = programError(run.value);
      if (failed !== undefined) {
        lines.push(`It did not work: ${failed}`);
        break;
      }
      // A program asked a question returns its answer sentence (the program prompt says so): lead with it.
      const said = programAnswer(run.value);
      lines.push(said ?? `Done: ${summary || 'the program ran to completion'}.`);
      if (!said && run.value !== undefined && run.value !== null) lines.push(`Result: ${short(run.value)}`);
      break;
    }
    case 'denied':
      lines.push(`Stopped: ${run.error?.message ?? 'an approval was denied'}. Nothing was changed beyond what is staged below.`);
      break;
    case 'cancelled':
      lines.push('Cancelled.');
      break;
    default:
      lines.push(`It did not work (${run.status}): ${run.error?.message ?? 'unknown error'}.`);
  }
  const tail = answerTail(run, notes);
  return tail ? `${lines.join('\n')}\n${tail}` : lines.join('\n');
}

/**
 * What follows every answer, model-written or composed: the staged files (exact paths, never the model's
 * words for them) and the notes (an image the model could not see).
 */
export function answerTail(run: RunResult, notes: readonly string[] = []): string {
  const lines: string[] = [];
  const staged = run.artifacts;
  if (staged.length > 0) {
    lines.push('Staged for preview (nothing is written until you apply):');
    for (const a of staged) lines.push(`- ${a.action === 'delete' ? 'delete ' : ''}${a.target} (${a.kind})`);
  } else if (run.status === 'completed') lines.push('No files were staged.');
  lines.push(...notes);
  return lines.join('\n');
}

/** The `answer` sentence a program returned (`return { answer: 'The total is 335.5.', total }`), if any. */
export function programAnswer(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const answer = (value as Record<string, unknown>).answer;
  return typeof answer === 'string' && answer.trim() ? answer.trim().slice(0, 1000) : undefined;
}

/** The `error` a program returned (`return { error: 'no sheet named Q3' }`), if any, as text. */
export function programError(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const error = (value as Record<string, unknown>).error;
  if (error === undefined || error === null || error === false || error === '') return undefined;
  if (typeof error === 'string') return error.trim().slice(0, 1000);
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' ? message.slice(0, 1000) : short(error);
}

export function short(value: unknown, max = 300): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
