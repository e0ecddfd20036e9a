import { describe, expect, it } from 'vitest';
import { terminalSink, terminalText } from './terminal-text';

// Escape sequences a hostile program logs (issue 18): clear screen, an OSC 52 clipboard write, a
// carriage return over a forged line, an 8-bit CSI and a right-to-left override.
const CLEAR = '\u001b[2J\u001b[H';
const OSC52 = '\u001b]52;c;ZXZpbA==\u0007';
const FORGED = 'x\rrun.finished completed (calls=0, 1ms)';

describe('terminalText', () => {
  it('turns every control and reordering character into a visible escape', () => {
    const text = terminalText(`${CLEAR}a${OSC52}b\u009b31m\u202eevil\u0000`);
    expect(text).toBe('\\u001b[2J\\u001b[Ha\\u001b]52;c;ZXZpbA==\\u0007b\\u009b31m\\u202eevil\\u0000');
    // eslint-disable-next-line no-control-regex -- the test asserts none are left
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });

  it('keeps newlines and tabs in blocks, escapes them (and \\r) in one-line fields', () => {
    expect(terminalText('a\n\tb')).toBe('a\n\tb');
    expect(terminalText(FORGED)).toBe('x\\rrun.finished completed (calls=0, 1ms)');
    expect(terminalText('log a\nrun.finished completed\tx', { oneLine: true })).toBe('log a\\nrun.finished completed\\tx');
  });

  it('leaves ordinary text, accents and emoji alone, and JSON output still parses to the same value', () => {
    expect(terminalText('Café — 5 € 🙂')).toBe('Café — 5 € 🙂');
    const value = { text: `${OSC52}\u0085\u2028` };
    expect(JSON.parse(terminalText(JSON.stringify(value)))).toEqual(value);
  });

  it('a sink writes only safe text', () => {
    const written: string[] = [];
    terminalSink((t) => void written.push(t))(`${CLEAR}ok\n`);
    expect(written).toEqual(['\\u001b[2J\\u001b[Hok\n']);
  });
});
