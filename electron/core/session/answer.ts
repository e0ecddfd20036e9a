import type { RunResult } from '../executor';

/** The turn's reply: what was done and the staged artifacts to preview (composed, not a model call). */
export function composeAnswer(summary: string, run: RunResult, notes: readonly string[] = []): string {
  const lines: string[] = [];
  switch (run.status) {
    case 'completed':
      lines.push(`Done: ${summary || 'the program ran to completion'}.`);
      if (run.value !== undefined && run.value !== null) lines.push(`Result: ${short(run.value)}`);
      break;
    case 'denied':
      lines.push(`Stopped: ${run.error?.message ?? 'an approval was denied'}. Nothing was changed beyond what is staged below.`);
      break;
    case 'cancelled':
      lines.push('Cancelled.');
      break;
    default:
      lines.push(`It did not work (${run.status}): ${run.error?.message ?? 'unknown error'}.`);
  }
  const staged = run.artifacts;
  if (staged.length > 0) {
    lines.push('Staged for preview (nothing is written until you apply):');
    for (const a of staged) lines.push(`- ${a.action === 'delete' ? 'delete ' : ''}${a.target} (${a.kind})`);
  } else if (run.status === 'completed') lines.push('No files were staged.');
  lines.push(...notes);
  return lines.join('\n');
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
