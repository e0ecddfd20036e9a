import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../platform/declarations';
import { fitText, numberLines } from './prompt-fit';
import { jsonSchemaOf, oneCallReply, parseOutline, parseProgram, PROGRAM_REPLY_TOKENS, MAX_PROGRAM_REPLY_CHARS } from './replies';

describe('fitting text to a budget', () => {
  it('never cuts inside a word and says something was left out', () => {
    const text = 'conditional formatting keeps every highlighted cell readable. '.repeat(40);
    let trimmed = false;
    const fitted = fitText(text, 50, estimateTokens, () => (trimmed = true));
    expect(trimmed).toBe(true);
    expect(estimateTokens(fitted)).toBeLessThanOrEqual(50);
    expect(fitted).toMatch(/(formatting|keeps|every|highlighted|cell|readable\.|conditional) … \(shortened\)$/);
  });

  it('numbers every line of a program', () => {
    const program = Array.from({ length: 12 }, (_, i) => `const a${i} = ${i};`).join('\n');
    const numbered = numberLines(program).split('\n');
    expect(numbered).toHaveLength(12);
    expect(numbered[0]).toBe(' 1 | const a0 = 0;');
    expect(numbered[11]).toBe('12 | const a11 = 11;');
  });
});

describe('model replies defined once in zod', () => {
  it('send a strict JSON Schema and read replies leniently', () => {
    const schema = jsonSchemaOf(oneCallReply(['fs', 'xlsx'])) as { required: string[]; additionalProperties: boolean; $schema?: string };
    expect(schema.required.sort()).toEqual(['program', 'question', 'steps', 'summary']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.$schema).toBeUndefined();
    expect(parseOutline({ steps: [{ action: 'read', modules: ['mail'] }], question: 3 })).toEqual({
      steps: [{ action: 'read', search: 'read', modules: ['mail'] }],
      question: '',
    });
    expect(parseProgram('nonsense')).toEqual({ program: '', summary: '' });
  });

  it('give the program reply room for the longest program the schema allows', () => {
    // Counted with the estimator, which counts every bracket, quote and escape as a token (more than BPE does).
    const dense = JSON.stringify({ program: '  if (a) {\n    b[i] = "x";\n  }\n'.repeat(200).slice(0, MAX_PROGRAM_REPLY_CHARS), summary: 's' });
    expect(estimateTokens(dense)).toBeLessThanOrEqual(PROGRAM_REPLY_TOKENS);
  });
});
