import type TS from 'typescript';
import { lazyModule } from '../../../apis/sdk/lazy-module';

// The compiler (about 1 s of CPU to load) loads when a program is first checked, not when the core starts.
const ts = lazyModule<typeof TS>('typescript');

/**
 * The program with its string literals held to their literal types where TypeScript would widen them: values
 * of object properties and branches of conditionals. `const s = []; s.push({ layout: 'bullets' })` and
 * `n > 1 ? { layout: 'bullets' } : { layout: 'title' }` otherwise give `layout: string`, which no API's
 * `'bullets' | 'title'` accepts, though the program is right. Wrapped as JSDoc const casts
 * (`/** @type {const} *\/ ('bullets')`), valid in the JavaScript the verifier checks. Returns the text
 * unchanged when there is nothing to hold.
 */
export function withLiteralTypes(text: string, fileName: string): string {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2023, true, ts.ScriptKind.JS);
  const spans: { start: number; end: number }[] = [];
  const visit = (node: TS.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && widens(node))
      spans.push({ start: node.getStart(source), end: node.getEnd() });
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (spans.length === 0) return text;
  let out = text;
  for (const { start, end } of spans.sort((a, b) => b.start - a.start))
    out = `${out.slice(0, start)}/** @type {const} */ (${out.slice(start, end)})${out.slice(end)}`;
  return out;
}

function widens(node: TS.Node): boolean {
  const parent = node.parent;
  if (ts.isPropertyAssignment(parent)) return parent.initializer === node;
  if (ts.isConditionalExpression(parent)) return parent.whenTrue === node || parent.whenFalse === node;
  return false;
}
