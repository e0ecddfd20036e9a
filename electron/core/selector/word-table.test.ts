import { describe, expect, it } from 'vitest';
import { WordTable } from './word-table';

describe('WordTable', () => {
  const words = ['the', 'slide', 'café', 'привет', '日本', 'a', ''];
  const table = new WordTable(Buffer.from(words.join('\n'), 'utf8'), words.length);

  it('finds every word at its rank, ASCII or not, and nothing else', () => {
    words.forEach((w, i) => expect(table.slot(w)).toBe(i));
    expect(table.slot('slides')).toBe(-1);
    expect(table.slot('caf')).toBe(-1);
    expect(table.slot('x'.repeat(1000))).toBe(-1);
    expect(table.has('привет')).toBe(true);
    expect(table.list()).toEqual(words);
  });

  it('keeps the first slot of a duplicated word and rejects a miscounted list', () => {
    const dup = new WordTable(Buffer.from('a\nb\na', 'utf8'), 3);
    expect(dup.slot('a')).toBe(0);
    expect(() => new WordTable(Buffer.from('a\nb', 'utf8'), 3)).toThrow(/2 words, expected 3/);
  });
});
