import { describe, expect, it, vi } from 'vitest';
import { partialProgram, ProgramProgress, type ProgramProgressFigures } from './program-progress';

const PROGRAM = `const rows = await xlsx.readRange({ path: "data\\\\scores.xlsx", sheet: 'Q3' });\n\tlog("naïve → 東京 😀", rows.length);\nreturn { answer: \`Read \${rows.length} rows\` };`;

describe('partialProgram', () => {
  it('reads a prefix of the program from every prefix of the reply, and the whole program at the end', () => {
    const reply = JSON.stringify({
      steps: [{ action: 'say "program": no', search: 'x', modules: [] }],
      question: '',
      program: PROGRAM,
      summary: 'read the scores',
    });
    let previous = '';
    for (let n = 0; n <= reply.length; n++) {
      const seen = partialProgram(reply.slice(0, n));
      expect(PROGRAM.startsWith(seen), `prefix ${n}: ${JSON.stringify(seen)}`).toBe(true);
      expect(seen.length).toBeGreaterThanOrEqual(previous.length);
      previous = seen;
    }
    expect(previous).toBe(PROGRAM);
  });

  it('is empty before the program key and when there is none', () => {
    expect(partialProgram('{"steps": [], "question": "which file?"}')).toBe('');
    expect(partialProgram('{"progr')).toBe('');
  });
});

describe('ProgramProgress', () => {
  it('reports the first piece at once, then at most once per interval, with the figures so far', () => {
    let now = 0;
    const seen: ProgramProgressFigures[] = [];
    const progress = new ProgramProgress(
      (f) => seen.push(f),
      () => now,
      100,
    );
    const reply = JSON.stringify({ program: 'await a();\nawait b();', summary: 's' });
    const push = progress.reply(0);
    for (const ch of reply) {
      push(ch);
      now += 10;
    }
    // 50 one-character pieces 10 ms apart: reports at 0, 100, 200, 300 and 400 ms.
    expect(reply).toHaveLength(50);
    expect(seen.map((f) => f.chars)).toEqual([1, 11, 21, 31, 41]);
    expect(seen[0]).toEqual({ attempt: 0, chars: 1, tokens: 1, program: '' });
    expect(seen[2]).toEqual({ attempt: 0, chars: 21, tokens: 6, program: 'await a()' });
    const last = seen.at(-1)!;
    expect(last.tokens).toBe(11);
    expect(last.program).toBe('await a();\nawait b();');
  });

  it('reports what arrived too soon when the interval ends, so a paused stream still shows all it received; end() drops a report still waiting', () => {
    vi.useFakeTimers();
    try {
      let now = 0;
      const seen: number[] = [];
      const progress = new ProgramProgress(
        (f) => seen.push(f.chars),
        () => now,
        100,
      );
      const push = progress.reply(0);
      push('{"program":"');
      now = 20;
      push('const a = 1;');
      now = 40;
      push('\\nlog(a);');
      // The stream pauses here (a held or slow reply): the latest figures still arrive when the interval ends.
      expect(seen).toEqual([12]);
      now = 100;
      vi.advanceTimersByTime(80); // the timer was set at 20 ms for the rest of the interval
      expect(seen).toEqual([12, 33]);
      now = 120;
      push('"');
      progress.end();
      vi.advanceTimersByTime(200);
      expect(seen).toEqual([12, 33]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the interval across the replies of a turn: the first piece of a repair waits its turn', () => {
    let now = 0;
    const seen: { attempt: number; chars: number }[] = [];
    const progress = new ProgramProgress(
      (f) => seen.push({ attempt: f.attempt, chars: f.chars }),
      () => now,
      100,
    );
    progress.reply(0)('{"program":"a');
    now = 50;
    const repair = progress.reply(1);
    repair('{"pro');
    now = 120;
    repair('gram":"b');
    expect(seen).toEqual([
      { attempt: 0, chars: 13 },
      { attempt: 1, chars: 13 },
    ]);
  });
});
