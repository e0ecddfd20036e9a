import { describe, expect, it } from 'vitest';
import { searchableText, splitIdentifier, tokenize } from './tokenize';

describe('tokenize', () => {
  it('splits camelCase, PascalCase, acronyms and snake_case', () => {
    expect(splitIdentifier('getHTTPResponse')).toEqual(['get', 'HTTP', 'Response']);
    expect(tokenize('pptx.addSlide insert_text SetChartTitle')).toEqual(['pptx', 'add', 'slide', 'insert', 'text', 'set', 'chart', 'title']);
  });

  it('keeps letters of other scripts and drops punctuation', () => {
    expect(tokenize('Créer une diapositive: «titre»')).toEqual(['créer', 'une', 'diapositive', 'titre']);
    expect(tokenize('スライドを追加 добавить слайд')).toEqual(['スライドを追加', 'добавить', 'слайд']);
    expect(tokenize('   ')).toEqual([]);
  });

  it('bounds the number of tokens', () => {
    expect(tokenize('word '.repeat(10_000), 100)).toHaveLength(100);
  });

  it('makes searchable text with both split and joined forms of identifiers', () => {
    const text = searchableText('pptx.addSlide adds a slide');
    expect(text).toContain('add slide');
    expect(text).toContain('addslide');
  });
});
