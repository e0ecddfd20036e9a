import type { ChatMessage } from '../model/provider';

/** Fitting prompt parts to token budgets without cutting inside a word or a line. */

export type CountTokens = (text: string) => number;

/** Keeps whole lines from the top while they fit the budget. */
export function fitLines(lines: readonly string[], budget: number, count: CountTokens, onTrim: () => void): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const n = count(line) + 1;
    if (used + n > budget) {
      onTrim();
      break;
    }
    kept.push(line);
    used += n;
  }
  return kept;
}

/**
 * Shortens a text to the budget keeping its start, ending at a line, sentence or word boundary (never
 * inside a word) and saying that something was left out.
 */
export function fitText(text: string, budget: number, count: CountTokens, onTrim: () => void): string {
  if (count(text) <= budget) return text;
  onTrim();
  const marker = ' … (shortened)';
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (count(`${text.slice(0, mid)}${marker}`) <= budget) lo = mid;
    else hi = mid - 1;
  }
  return `${atBoundary(text.slice(0, lo))}${marker}`;
}

/** The longest prefix ending at a line end, else a sentence end, else a word end. */
function atBoundary(prefix: string): string {
  const line = prefix.lastIndexOf('\n');
  if (line > prefix.length * 0.6) return prefix.slice(0, line);
  const sentence = Math.max(prefix.lastIndexOf('. '), prefix.lastIndexOf('; '));
  if (sentence > prefix.length * 0.6) return prefix.slice(0, sentence + 1);
  const word = prefix.search(/\s\S*$/);
  return word > 0 ? prefix.slice(0, word) : '';
}

/** The most recent turns that fit, oldest dropped first. */
export function fitHistory(
  history: readonly { role: 'user' | 'assistant'; text: string }[],
  budget: number,
  count: CountTokens,
  onTrim: () => void,
): ChatMessage[] {
  const kept: ChatMessage[] = [];
  let used = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    const turn = history[i]!;
    const n = count(turn.text) + 4;
    if (used + n > budget) {
      onTrim();
      break;
    }
    kept.unshift({ role: turn.role, content: turn.text });
    used += n;
  }
  return kept;
}

/** A program with its line numbers, as the verifier and the runtime cite them. */
export function numberLines(program: string): string {
  const lines = program.split('\n');
  const width = String(lines.length).length;
  return lines.map((line, i) => `${String(i + 1).padStart(width)} | ${line}`).join('\n');
}
