import { z } from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import { defineApi, definePack, packDocuments } from '../../../apis/sdk';
import { Verifier } from './verifier';

const pack = definePack({
  name: 'deck',
  version: '1.0.0',
  description: 'slides',
  apis: [
    defineApi({
      name: 'addSlide',
      description: 'Adds a slide.',
      parameters: z.object({
        title: z.string().describe('slide title'),
        bullets: z.array(z.string()).default([]).describe('bullet points'),
        layout: z.enum(['title', 'content']).optional().describe('layout'),
      }),
      returns: z.object({ index: z.number(), id: z.string() }),
      effects: 'stage',
      run: async () => ({ index: 0, id: 's1' }),
    }),
    defineApi({
      name: 'count',
      description: 'Counts slides.',
      parameters: z.object({}),
      returns: z.number(),
      effects: 'read',
      run: async () => 0,
    }),
  ],
});
const docs = packDocuments(pack);
const verifier = new Verifier();
afterAll(() => verifier.dispose());

const check = (program: string) => verifier.verify(program, docs);

describe('Verifier: types', () => {
  it('accepts a correct program with top-level await, return, loops and log', () => {
    const result = check(
      `const titles = ['a', 'b'];\nlet last = 0;\nfor (const t of titles) {\n  const { index } = await deck.addSlide({ title: t, bullets: [t.toUpperCase()] });\n  last = index;\n}\nlog('added', last);\nreturn { last, total: await deck.count() };`,
    );
    expect(result.text).toBe('');
    expect(result.ok).toBe(true);
    expect(result.calls).toEqual(['deck.addSlide', 'deck.count']);
  });

  it('refuses an unknown API and lists what the module offers', () => {
    const result = check(`await deck.addSlides({ title: 'x' });`);
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ line: 1, column: 12, kind: 'type' });
    expect(result.text).toContain('deck.addSlides is not an API you may call. deck offers: addSlide, count.');
  });

  it('refuses an unknown module and names the modules in scope', () => {
    const result = check(`const x = 1;\nawait pptx.addSlide({});`);
    expect(result.diagnostics[0]).toMatchObject({ line: 2, column: 7 });
    expect(result.text).toContain("Cannot find name 'pptx'");
    expect(result.text).toContain('API namespaces: deck');
  });

  it('refuses missing and misspelt arguments with the API signature', () => {
    const missing = check(`await deck.addSlide({ bullets: [] });`);
    expect(missing.ok).toBe(false);
    expect(missing.diagnostics[0]?.api).toBe('deck.addSlide');
    expect(missing.text).toContain("Property 'title' is missing");
    expect(missing.text).toContain(
      'deck.addSlide is declared as: deck.addSlide(args: { title: string; bullets?: Array<string>; layout?: "title" | "content"; }): Promise<{ index: number; id: string; }>',
    );
    const misspelt = check(`await deck.addSlide({ titel: 'x' });`);
    expect(misspelt.text).toMatch(/'titel' does not exist/);
    const none = check(`await deck.addSlide();`);
    expect(none.text).toContain('Expected 1 arguments');
  });

  it('refuses wrong types, also in nested and enum fields', () => {
    expect(check(`await deck.addSlide({ title: 42 });`).text).toContain("Type 'number' is not assignable to type 'string'");
    expect(check(`await deck.addSlide({ title: 'x', bullets: 'one' });`).ok).toBe(false);
    expect(check(`await deck.addSlide({ title: 'x', layout: 'grid' });`).text).toContain('"grid"');
  });

  it('refuses misuse of return values (a missing await, a wrong field, wrong arithmetic)', () => {
    const noAwait = check(`const slide = deck.addSlide({ title: 'x' });\nreturn slide.index;`);
    expect(noAwait.diagnostics[0]).toMatchObject({ line: 2, column: 14 });
    expect(noAwait.text).toContain("Property 'index' does not exist on type 'Promise<");
    expect(check(`const s = await deck.addSlide({ title: 'x' });\nreturn s.number;`).text).toContain("Property 'number' does not exist");
    expect(check(`const n = await deck.count();\nreturn n.toUpperCase();`).ok).toBe(false);
  });

  it('reports syntax errors at the program position', () => {
    const result = check(`const a = 1;\nconst b = ;`);
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ line: 2, kind: 'syntax' });
  });

  it('accepts untyped helper functions and caught API errors', () => {
    expect(check(`function twice(x) { return x * 2; }\ntry { await deck.count(); } catch (e) { log(e.code, e.message); }\nreturn twice(2);`).ok).toBe(true);
    expect(check(`try { await deck.count(); } catch (e) { if (e instanceof ApiCallError && e.code === 'DENIED') return 'denied'; }`).ok).toBe(true);
  });

  it('accepts literals the checker would widen (arrays built with push, conditional layouts) and still refuses wrong ones', () => {
    const pushed = check(
      `const slides = [];\nfor (const t of ['a', 'b']) slides.push({ title: t, layout: 'content' });\nfor (const s of slides) await deck.addSlide(s);`,
    );
    expect(pushed.text).toBe('');
    expect(pushed.ok).toBe(true);
    const mapped = check(
      `const specs = [1, 2].map((n) => ({ title: 'S' + n, layout: n === 1 ? 'title' : 'content' }));\nfor (const s of specs) await deck.addSlide(s);`,
    );
    expect(mapped.ok).toBe(true);
    const wrong = check(`const slides = [];\nslides.push({ title: 'a', layout: 'bogus' });\nfor (const s of slides) await deck.addSlide(s);`);
    expect(wrong.ok).toBe(false);
    expect(wrong.diagnostics[0]).toMatchObject({ line: 3, kind: 'type' });
    // Literal hints never hide other mistakes: a number where a string belongs is still refused.
    expect(check(`const slides = [];\nslides.push({ title: 42, layout: 'content' });\nfor (const s of slides) await deck.addSlide(s);`).ok).toBe(false);
  });
});

describe('Verifier: policy', () => {
  const refused = (program: string, text: string) => {
    const result = check(program);
    expect(result.ok, program).toBe(false);
    expect(
      result.diagnostics.some((d) => d.kind === 'policy' && d.message.includes(text)),
      `${program}\n${result.text}`,
    ).toBe(true);
  };
  it.each([
    ['eval("1")', "'eval' is not allowed"],
    ['const f = Function("return 1");', "'Function' is not allowed"],
    ["const fs = require('fs');", "'require' is not allowed"],
    ["await import('node:fs');", 'dynamic import() is not allowed'],
    ['return process.env;', "'process' is not allowed"],
    ['return globalThis;', "'globalThis' is not allowed"],
    ['return this;', "'this' is only allowed inside class methods"],
    ['with (Math) { log(PI); }', "'with' is not allowed"],
    ['const F = (() => 0).constructor;', "'.constructor' is not allowed"],
    ['const F = []["constructor"][\'constructor\'];', "'.constructor' is not allowed"],
    ['const o = {}; o.__proto__.polluted = 1;', "'.__proto__' is not allowed"],
    ['Object.prototype.x = 1;', "'.prototype' is not allowed"],
    ['const o = { __proto__: null };', "may not set '__proto__'"],
    ['setTimeout(() => 0, 10);', "'setTimeout' is not allowed"],
    ['return import.meta;', 'import.meta'],
  ])('refuses %s', (program, text) => refused(program, text));

  it('allows property names that only look forbidden and this inside classes', () => {
    expect(check(`const o = { eval: 1, process: 2 };\nclass C { constructor() { this.n = o.eval + o.process; } }\nreturn new C().n;`).text).toBe('');
  });

  it('refuses programs over the size limit before checking them', () => {
    const result = check(`return 1;\n${'// filler\n'.repeat(7000)}`);
    expect(result.diagnostics[0]?.kind).toBe('size');
  });
});
