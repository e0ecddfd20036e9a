import type TS from 'typescript';
import { lazyModule } from '../../../apis/sdk/lazy-module';

// The compiler loads when a program is first checked, not when the core starts.
const ts = lazyModule<typeof TS>('typescript');

/**
 * The program with the containers it builds up held open, where TypeScript infers a type too narrow for
 * JavaScript that runs: `const cells = {}` filled later (`cells[k] = v`, `cells.A1 = v`) and handed to a
 * Record, `{ [key]: 'Cost' }` given a number later, `[name].concat(numbers)`, `const row = [name]` pushed a
 * number. Each becomes a JSDoc cast: objects to `Record<string, any>` (a required field still has to be
 * there: an index signature never supplies one), arrays to `any[]`. Returns the text unchanged when there is
 * nothing to hold open. Used only to retry a program the checker refused.
 */
export function withOpenContainers(text: string, fileName: string): string {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2023, true, ts.ScriptKind.JS);
  const grown = grownArrays(source);
  const casts: { start: number; end: number; type: string }[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isObjectLiteralExpression(node) && opensObject(node)) casts.push({ start: node.getStart(source), end: node.getEnd(), type: 'Record<string, any>' });
    if (ts.isArrayLiteralExpression(node) && opensArray(node, grown)) casts.push({ start: node.getStart(source), end: node.getEnd(), type: 'any[]' });
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (casts.length === 0) return text;
  let out = text;
  // From the end, so earlier offsets stay valid; nested containers are cast inside-out.
  for (const { start, end, type } of casts.sort((a, b) => b.start - a.start || a.end - b.end)) {
    out = `${out.slice(0, start)}/** @type {${type}} */ (${out.slice(start, end)})${out.slice(end)}`;
  }
  return out;
}

/** An empty object, or one with a computed key, that initialises a variable. */
function opensObject(node: TS.ObjectLiteralExpression): boolean {
  if (!ts.isVariableDeclaration(node.parent) || node.parent.initializer !== node || hasJsDocType(node.parent)) return false;
  return node.properties.length === 0 || node.properties.some((p) => p.name !== undefined && ts.isComputedPropertyName(p.name));
}

/** An array that `.concat()` is called on, or that initialises a variable the program pushes into. */
function opensArray(node: TS.ArrayLiteralExpression, grown: ReadonlySet<string>): boolean {
  if (node.elements.length === 0) return false;
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node && parent.name.text === 'concat') return true;
  return (
    ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name) && grown.has(parent.name.text) && !hasJsDocType(parent)
  );
}

/** Names the program calls `.push()` or `.unshift()` on. */
function grownArrays(source: TS.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: TS.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      ['push', 'unshift'].includes(node.expression.name.text)
    ) {
      names.add(node.expression.expression.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

function hasJsDocType(node: TS.Node): boolean {
  return ts.getJSDocType(node) !== undefined || ts.getJSDocType(node.parent?.parent ?? node) !== undefined;
}
