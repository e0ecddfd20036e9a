import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { policyViolations } from './policy';

const rulesOf = (program: string) => {
  const source = ts.createSourceFile('/p.js', program, ts.ScriptTarget.ES2023, true, ts.ScriptKind.JS);
  return policyViolations(source, { start: 0, end: program.length }).map((v) => v.rule);
};

describe('policy pass: the grammar that runs the program', () => {
  it.each([
    ['an HTML open comment hiding the rest of a line', "let x = 1, y = 2;\nconst z = x <!-- /*\nFunction('return 1')(); */ y;"],
    ['an HTML open comment with nothing after it', 'let a = 1;\na <!--b;'],
    ['an HTML close comment at the start of a line', "let x = 3;\n--> Function('return 1')()\nx;"],
    ['an HTML close comment after a multi-line comment', 'let x = 3;\n/* a\n*/ --> hidden();\n'],
    ['an HTML close comment mid-line', 'let i = 3; while (i-->0) {}'],
    ['an HTML comment inside a template expression', 'let x = 1, y = 2;\nconst t = `a${x <!-- y}b`;'],
  ])('refuses %s', (_name, program) => {
    expect(rulesOf(program)).toContain('html-comment');
  });

  it.each([
    ['inside a string', "const s = '<!-- not a comment -->';"],
    ['inside a template', 'const s = `<!-- ${1} -->`;'],
    ['inside a regular expression', 'const r = /<!--|-->/g;'],
    ['inside comments', '// <!-- here\n/* --> there */\nconst a = 1;'],
    ['spaced operators', 'let i = 2, j = 1;\nconst k = i < !--j;\nwhile (i-- > 0) {}'],
  ])('accepts the characters %s', (_name, program) => {
    expect(rulesOf(program)).not.toContain('html-comment');
  });
});
