import { describe, expect, it } from 'vitest';
import { schemaPatterns, unsafePatternReason } from './schema-patterns';

describe('schema patterns', () => {
  it.each(['^(a+)+$', '(\\w*)*x', '^(a|b+){2,}$', '((ab)*)+', '(x+x+)+y', '^([a-z]+\\d*)*$', '(a{2,})*'])('refuses the catastrophic %s', (pattern) => {
    expect(unsafePatternReason(pattern)).toMatch(/nested quantifiers/);
  });

  it.each([
    ['(a)\\1', /back-reference/],
    ['x'.repeat(600), /longer than/],
    ['(', /not a valid regular expression/],
  ])('refuses %s', (pattern, reason) => {
    expect(unsafePatternReason(pattern)).toMatch(reason);
  });

  it.each(['^[A-Z]{1,3}[0-9]+$', '^\\d{4}-\\d{2}-\\d{2}$', '^(ab)+$', '^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$', '([+*]x)+', '^(?:[a-z]{2})?$', '(a?)+'])(
    'accepts the linear %s',
    (pattern) => {
      expect(unsafePatternReason(pattern)).toBeUndefined();
    },
  );

  it('finds patterns and patternProperties keys anywhere in a schema', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string', pattern: 'x+' }, b: { type: 'array', items: { pattern: 'y' } } },
      patternProperties: { '^z$': {} },
    };
    expect(
      schemaPatterns(schema, 'parameters')
        .map((p) => p.pattern)
        .sort(),
    ).toEqual(['^z$', 'x+', 'y']);
  });
});
