import { describe, expect, it } from 'vitest';
import { withLiteralTypes } from './literal-hints';

describe('literal hints', () => {
  it('holds property values and conditional branches to their literal types', () => {
    expect(withLiteralTypes(`s.push({ layout: 'bullets', n: 1 });`, 'p.js')).toBe(`s.push({ layout: /** @type {const} */ ('bullets'), n: 1 });`);
    expect(withLiteralTypes('const x = { a: c ? "l" : `r` };', 'p.js')).toBe('const x = { a: c ? /** @type {const} */ ("l") : /** @type {const} */ (`r`) };');
  });

  it('leaves other strings alone and returns the text unchanged when there is nothing to hold', () => {
    const text = `const name = 'deck'; log('made', name); f({ [k]: v });`;
    expect(withLiteralTypes(text, 'p.js')).toBe(text);
  });
});
