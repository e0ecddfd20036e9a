import type TS from 'typescript';
import { lazyModule } from '../../../apis/sdk/lazy-module';

// The compiler (about 1 s of CPU to load) loads when a program is first checked, not when the core starts.
const ts = lazyModule<typeof TS>('typescript');

/** The largest program the verifier accepts, in characters. */
export const MAX_PROGRAM_CHARS = 64 * 1024;

/** Names a program may not mention: the ways out of the language into a host. */
const FORBIDDEN_NAMES = new Map<string, string>(
  Object.entries({
    eval: 'eval runs text as code; write the code itself',
    Function: 'the Function constructor runs text as code',
    require: 'programs cannot load modules; call the APIs you were given',
    process: 'programs cannot reach the process; there is no host object',
    globalThis: 'programs cannot probe the global object',
    global: 'programs cannot probe the global object',
    window: 'there is no window; programs run in a sandbox',
    self: 'programs cannot probe the global object',
    module: 'programs cannot load modules',
    exports: 'programs cannot export anything; return the result instead',
    WebAssembly: 'programs cannot compile code',
    Reflect: 'reflection on objects is not needed by programs',
    setTimeout: 'there are no timers; API calls are awaited directly',
    setInterval: 'there are no timers; API calls are awaited directly',
    setImmediate: 'there are no timers',
    queueMicrotask: 'there are no timers',
  }),
);

/** Property names that reach prototypes or constructors (the classic ways out of a sandbox). */
const FORBIDDEN_PROPERTIES = new Map<string, string>([
  ['__proto__', 'prototype access is not allowed'],
  ...Object.entries({
    constructor: 'constructor chains reach the Function constructor',
    prototype: 'changing or reading prototypes is not allowed',
    __defineGetter__: 'accessor tricks are not allowed',
    __defineSetter__: 'accessor tricks are not allowed',
    __lookupGetter__: 'accessor tricks are not allowed',
    __lookupSetter__: 'accessor tricks are not allowed',
    caller: 'stack probing is not allowed',
    callee: 'stack probing is not allowed',
  }),
]);

export interface PolicyViolation {
  /** Offset in the checked source file. */
  start: number;
  rule: string;
  message: string;
}

function propertyName(node: TS.Node): string | undefined {
  if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) return node.text;
  if (ts.isStringLiteralLike(node) || ts.isNumericLiteral(node)) return node.text;
  if (ts.isComputedPropertyName(node)) return propertyName(node.expression);
  return undefined;
}

/** True when the identifier is a property name (obj.name, { name: 1 }), not a reference to a variable. */
function isPropertyNamePosition(node: TS.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return true;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === node) return true;
  if ((ts.isGetAccessor(parent) || ts.isSetAccessor(parent)) && parent.name === node) return true;
  if (ts.isBindingElement(parent) && parent.propertyName === node) return true;
  if (ts.isPropertySignature(parent) || ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return true;
  return false;
}

/**
 * The policy pass: refuses constructs that reach outside the language (eval, Function, import,
 * require, process, global-object probing, with, constructor and prototype chains, this outside
 * classes). The sandbox stops them too; refusing them here gives the model a clear reason early.
 */
export function policyViolations(
  source: TS.SourceFile,
  range: { start: number; end: number },
  readonlyNames: ReadonlySet<string> = new Set(),
): PolicyViolation[] {
  const found: PolicyViolation[] = [];
  const add = (node: TS.Node, rule: string, message: string) => found.push({ start: node.getStart(source), rule, message });
  const visit = (node: TS.Node, inClass: boolean): void => {
    if (node.end <= range.start || node.pos >= range.end) return;
    if (ts.isIdentifier(node) && !isPropertyNamePosition(node)) {
      const reason = FORBIDDEN_NAMES.get(node.text);
      if (reason) add(node, 'forbidden-name', `'${node.text}' is not allowed: ${reason}.`);
      else if (node.text.startsWith('__sb_')) add(node, 'forbidden-name', `'${node.text}' is reserved for the sandbox.`);
    }
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const name = ts.isPropertyAccessExpression(node) ? node.name.text : propertyName(node.argumentExpression);
      const reason = name === undefined ? undefined : FORBIDDEN_PROPERTIES.get(name);
      if (reason) add(node, 'forbidden-property', `'.${name}' is not allowed: ${reason}.`);
    }
    if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node) || ts.isMethodDeclaration(node)) && !ts.isClassLike(node.parent)) {
      const name = propertyName(node.name);
      if (name === '__proto__' || name === 'constructor') add(node, 'forbidden-property', `an object literal may not set '${name}'.`);
    }
    if (node.kind === ts.SyntaxKind.ThisKeyword && !inClass)
      add(node, 'this', `'this' is only allowed inside class methods; programs cannot probe the global object.`);
    const written = writtenRoot(node);
    if (written && readonlyNames.has(written.text)) add(node, 'read-only', `'${written.text}' is provided by the sandbox and cannot be changed.`);
    if (ts.isWithStatement(node)) add(node, 'with', `'with' is not allowed; name the object explicitly.`);
    if (ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node) || ts.isExportDeclaration(node) || ts.isExportAssignment(node)) {
      add(node, 'import', 'import and export are not allowed: the APIs you may call are already in scope as namespaces.');
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, 'import', 'dynamic import() is not allowed: the APIs you may call are already in scope as namespaces.');
    }
    if (ts.isMetaProperty(node)) add(node, 'import', `'${node.getText(source)}' is not allowed.`);
    if (ts.isDebuggerStatement(node)) add(node, 'debugger', `'debugger' is not allowed.`);
    ts.forEachChild(node, (child) => visit(child, inClass || ts.isClassLike(node)));
  };
  visit(source, false);
  found.push(...htmlCommentViolations(source, range));
  return found;
}

/**
 * QuickJS reads Annex-B HTML-like comments (`<!--` anywhere, `-->` at a line's start) as line comments;
 * TypeScript reads them as operators. Where the two grammars part, the checked program is not the one
 * that runs, so these are refused outright wherever they stand outside a string, template, regular
 * expression or comment (the only places both grammars agree they are text).
 */
export function htmlCommentViolations(source: TS.SourceFile, range: { start: number; end: number }): PolicyViolation[] {
  const chars = source.text.split('');
  const blank = (node: TS.Node) => {
    for (let i = node.getStart(source); i < node.end; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
  };
  const visit = (node: TS.Node): void => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node) ||
      ts.isRegularExpressionLiteral(node)
    )
      blank(node);
    else ts.forEachChild(node, visit);
  };
  visit(source);
  const scanner = ts.createScanner(ts.ScriptTarget.ES2023, false, ts.LanguageVariant.Standard, chars.join(''));
  const found: PolicyViolation[] = [];
  const tokens: { kind: TS.SyntaxKind; start: number; end: number }[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (
      kind === ts.SyntaxKind.SingleLineCommentTrivia ||
      kind === ts.SyntaxKind.MultiLineCommentTrivia ||
      kind === ts.SyntaxKind.WhitespaceTrivia ||
      kind === ts.SyntaxKind.NewLineTrivia
    )
      continue;
    tokens.push({ kind, start: scanner.getTokenStart(), end: scanner.getTokenEnd() });
  }
  const at = (i: number, kind: TS.SyntaxKind, start: number) => tokens[i]?.kind === kind && tokens[i]!.start === start;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.start < range.start || token.start >= range.end) continue;
    if (
      token.kind === ts.SyntaxKind.LessThanToken &&
      at(i + 1, ts.SyntaxKind.ExclamationToken, token.end) &&
      at(i + 2, ts.SyntaxKind.MinusMinusToken, token.end + 1)
    ) {
      found.push({
        start: token.start,
        rule: 'html-comment',
        message: `'<!--' is not allowed: the sandbox reads it as a comment, so the checked program would not be the one that runs; write '< !--' if you mean the operators.`,
      });
    }
    if (token.kind === ts.SyntaxKind.MinusMinusToken && at(i + 1, ts.SyntaxKind.GreaterThanToken, token.end)) {
      found.push({
        start: token.start,
        rule: 'html-comment',
        message: `'-->' is not allowed: the sandbox can read it as a comment; write 'x-- > y' with a space.`,
      });
    }
  }
  return found;
}

/** The variable at the root of an assignment's or delete's target (`files` in `files.write = x`). */
function writtenRoot(node: TS.Node): TS.Identifier | undefined {
  let target: TS.Node | undefined;
  if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment)
    target = node.left;
  else if (ts.isDeleteExpression(node)) target = node.expression;
  else if (
    (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
    (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
  )
    target = node.operand;
  while (target && (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target) || ts.isParenthesizedExpression(target)))
    target = target.expression;
  return target && ts.isIdentifier(target) ? target : undefined;
}
