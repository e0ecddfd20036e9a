import { describe, expect, it } from 'vitest';
import { caretAllows, IDLE, stepHistory, type HistoryCursor } from './composer-history';

describe('composer history', () => {
  it('steps back through sent messages, forward again, and returns the unsent draft', () => {
    const sent = ['first', 'second', 'third'];
    let cursor: HistoryCursor = IDLE;
    let text = 'half-written';
    const go = (direction: 'up' | 'down') => {
      const step = stepHistory(sent, cursor, direction, text);
      if (step) ({ cursor, text } = step);
      return step === null ? null : text;
    };
    expect(go('down')).toBeNull();
    expect([go('up'), go('up'), go('up'), go('up')]).toEqual(['third', 'second', 'first', null]);
    expect(text).toBe('first');
    expect([go('down'), go('down'), go('down'), go('down')]).toEqual(['second', 'third', 'half-written', null]);
    expect(cursor).toEqual(IDLE);
  });

  it('does nothing without history', () => {
    expect(stepHistory([], IDLE, 'up', 'x')).toBeNull();
  });

  it('recalls only from the first line (Up) or the last line (Down), never over a selection', () => {
    const value = 'line one\nline two';
    expect(caretAllows('up', value, 3, 3)).toBe(true);
    expect(caretAllows('up', value, 12, 12)).toBe(false);
    expect(caretAllows('down', value, 12, 12)).toBe(true);
    expect(caretAllows('down', value, 3, 3)).toBe(false);
    expect(caretAllows('up', value, 0, 4)).toBe(false);
  });
});
