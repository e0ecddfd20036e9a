import type { TurnView } from '../../stores';

/** Lines of a draft program as a screen reader hears them: in steps of ten, so it is told now and then, not every character. */
export function draftLines(program: string): number {
  const lines = program ? program.split('\n').length : 0;
  return Math.floor(lines / 10) * 10;
}

/** What the status line says while the program is written (changes only when a ten-line step is passed). */
export function writingStatus(draft: NonNullable<TurnView['writing']>): string {
  const lines = draftLines(draft.program);
  const what = draft.attempt > 0 ? 'Rewriting the program' : 'Writing the program';
  return lines > 0 ? `${what}… ${lines}+ lines so far` : `${what}…`;
}
