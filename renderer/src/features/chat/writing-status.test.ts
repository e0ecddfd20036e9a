import { describe, expect, it } from 'vitest';
import { draftLines, writingStatus } from './writing-status';

describe('the status line while a program is written', () => {
  it('changes only at ten-line steps, so a screen reader is not told every character', () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `const v${i} = ${i};`).join('\n');
    expect([0, 1, 9, 10, 19, 20, 35].map((n) => draftLines(lines(n)))).toEqual([0, 0, 0, 10, 10, 20, 30]);
    const seen = new Set<string>();
    const program = lines(25);
    for (let n = 0; n <= program.length; n++) seen.add(writingStatus({ attempt: 0, chars: n, tokens: n / 4, program: program.slice(0, n) }));
    expect([...seen]).toEqual(['Writing the program…', 'Writing the program… 10+ lines so far', 'Writing the program… 20+ lines so far']);
    expect(writingStatus({ attempt: 1, chars: 3, tokens: 1, program: 'a' })).toBe('Rewriting the program…');
  });
});
