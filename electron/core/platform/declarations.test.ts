import { describe, expect, it } from 'vitest';
import { notesPack } from '../../../test/fixtures/builtin/notes-pack';
import { typeCheck } from '../../../test/helpers/compile';
import { officeDocuments } from '../../../test/helpers/office-docs';
import { packDocuments } from '../../../apis/sdk';
import { apiSummary, declarationsFor, estimateTokens, firstSentence, renderDeclarations, schemaToType } from './declarations';

const docs = packDocuments(notesPack);

describe('declarations', () => {
  it('render a namespace per module with TSDoc, optional defaults and literal unions', () => {
    const text = renderDeclarations(docs, 'full');
    expect(text).toContain('declare namespace notes {');
    expect(text).toContain('function create(args: {');
    expect(text).toContain('/** sort order in lists @default "normal" */');
    expect(text).toContain('priority?: "low" | "normal" | "high";');
    expect(text).toContain('title: string;');
    expect(text).toContain('function purge(args?: {}): Promise<null>;');
    expect(text).toContain('@example');
    expect(text).toContain('Effects: destructive.');
    expect(text).not.toContain('comment closer */'); // a description cannot end the comment early
  });

  it('are deterministic whatever the input order', () => {
    expect(renderDeclarations([...docs].reverse())).toBe(renderDeclarations(docs));
  });

  it('compile with tsc, and a program misusing them does not', () => {
    const { full, compact } = declarationsFor(docs);
    const use = `async function main() {
      const n = await notes.create({ title: 'x', due: { date: '2026-01-01' } });
      const hits = await notes.search({ query: 'x' });
      return n.id + hits.map((h) => h.title).join();
    }
    void main;`;
    expect(typeCheck({ '/api.d.ts': full.text, '/use.ts': use })).toEqual([]);
    expect(typeCheck({ '/api.d.ts': compact.text, '/use.ts': use })).toEqual([]);
    const errors = typeCheck({ '/api.d.ts': full.text, '/bad.ts': 'void notes.create({ title: 1 }); void notes.search({}); void notes.nope();' });
    expect(errors.length).toBe(3);
  });

  it('render a module with a reserved-word verb (fs.delete) as an object type that programs can call', () => {
    const withDelete = docs.map((d) => (d.name === 'notes.purge' ? { ...d, name: 'notes.delete' } : d));
    const { full, compact } = declarationsFor(withDelete);
    expect(full.text).toContain('declare const notes: {');
    expect(full.text).toContain('  delete(args?: {}): Promise<null>;');
    expect(full.text).not.toContain('function ');
    const use = `async function main() {
      await notes.delete();
      const n = await notes.create({ title: 'x' });
      return n.id;
    }
    void main;`;
    expect(typeCheck({ '/api.d.ts': full.text, '/use.ts': use })).toEqual([]);
    expect(typeCheck({ '/api.d.ts': compact.text, '/use.ts': use })).toEqual([]);
    expect(typeCheck({ '/api.d.ts': full.text, '/bad.ts': 'void notes.create({ title: 1 }); void notes.remove();' }).length).toBe(2);
    // Modules without one keep the namespace form.
    expect(renderDeclarations(docs)).toContain('declare namespace notes {');
  });

  it('compact is much smaller than full, and both carry a token estimate', () => {
    const { full, compact } = declarationsFor(docs);
    expect(compact.tokens).toBeLessThan(full.tokens);
    expect(compact.text).not.toContain('@example');
    expect(full.tokens).toBe(estimateTokens(full.text));
    expect(estimateTokens('addSlide({ title: "Q3" })')).toBeGreaterThanOrEqual(8);
  });

  it('map JSON Schema shapes to types', () => {
    expect(schemaToType({ type: ['string', 'null'] })).toBe('string | null');
    expect(schemaToType({ anyOf: [{ type: 'number' }, { type: 'string' }] })).toBe('number | string');
    expect(schemaToType({ type: 'array' })).toBe('unknown[]');
    expect(schemaToType({ type: 'object', additionalProperties: { type: 'number' } })).toBe('Record<string, number>');
    expect(schemaToType({ type: 'object', properties: { 'a-b': { type: 'string' } }, required: ['a-b'] })).toBe('{\n  "a-b": string;\n}');
    expect(schemaToType({})).toBe('unknown');
    expect(firstSentence('Adds a slide. Then more.')).toBe('Adds a slide.');
  });
});

describe('limits and refusals in declarations (issue 13)', () => {
  const office = officeDocuments();
  const compact = renderDeclarations(
    office.filter((d) => ['xlsx.readRange', 'fs.writeText', 'xlsx.defineName'].includes(d.name)),
    'compact',
  );

  it('states JSON-schema limits as JSDoc tags', () => {
    expect(compact).toMatch(/most rows returned @default 500 @minimum 1 @maximum 10000 @integer \*\/\n\s+maxRows\?: number;/);
    expect(compact).toMatch(/@minLength 1 @maxLength 31 \*\/\n\s+sheet\?: string;/);
    expect(compact).toMatch(/@pattern \^\[A-Za-z_\]/);
  });

  it('keeps the sentences that state refusals in the compact summary, each whole', () => {
    expect(compact).toContain('Errors: INVALID_ARGUMENTS (exists and neither append nor overwrite; an Office file name), PERMISSION_DENIED.');
    expect(apiSummary('Reads a sheet. Returns rows. Refuses more than 10000 rows.')).toBe('Reads a sheet. Refuses more than 10000 rows.');
    expect(firstSentence('Create a Word document (.docx) from blocks, e.g. headings. Then more.')).toBe(
      'Create a Word document (.docx) from blocks, e.g. headings.',
    );
    // No description or module line is cut inside a word.
    expect(compact).not.toContain('…');
  });
});
