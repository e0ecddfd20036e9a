import { describe, expect, it } from 'vitest';
import { csvLine, csvValue, parseCsv, sniffDelimiter } from './csv';

describe('csv', () => {
  it('parses quotes, doubled quotes, CRLF, a BOM and a missing final newline', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n1,\n2,3')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['1', ''],
      ['2', '3'],
    ]);
    expect(parseCsv('a\n"multi\nline"\n')).toEqual([['a'], ['multi\nline']]);
    expect(parseCsv('a,b\n1,2\n3,4\n', ',', 2)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('detects the delimiter and types numbers but keeps codes as text', () => {
    expect(sniffDelimiter('a;b;c\n1;2;3\n')).toBe(';');
    expect(sniffDelimiter('a\tb\n1\t2\n')).toBe('\t');
    expect([csvValue('42'), csvValue('-1.5e3'), csvValue('1,234.5'), csvValue('007'), csvValue(''), csvValue('x')]).toEqual([
      42,
      -1500,
      1234.5,
      '007',
      null,
      'x',
    ]);
  });

  it('quotes only when needed', () => {
    expect(csvLine(['a', 'b,c', 'say "x"', null, 3, true])).toBe('a,"b,c","say ""x""",,3,true');
    expect(csvLine(['a;b', 'c'], ';')).toBe('"a;b";c');
  });
});
