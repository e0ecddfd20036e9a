import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type TS from 'typescript';
import { lazyModule } from '../../../apis/sdk/lazy-module';
import type { ApiDocument } from '../../../apis/sdk';
import { renderDeclarations, schemaToType } from '../platform/declarations';
import { PROGRAM_GLOBALS } from './globals';
import { MAX_PROGRAM_CHARS, policyViolations } from './policy';
import { withLiteralTypes } from './literal-hints';
import { withOpenContainers } from './open-containers';

// The compiler (about 1 s of CPU to load) loads when a program is first checked, not when the core starts.
const ts = lazyModule<typeof TS>('typescript');

/** One problem found in a program, placed in the program as written (1-based line and column). */
export interface VerifyDiagnostic {
  line: number;
  column: number;
  /**
   * `syntax` and `type` come from the TypeScript checker, `policy` from the policy pass, `size` from the size
   * limit; `limit` says the check itself could not finish (time, memory or nesting bound of the checker).
   */
  kind: 'syntax' | 'type' | 'policy' | 'size' | 'limit';
  message: string;
  /** The API involved, when the problem is in a call to one. */
  api?: string;
  /** That API's signature, for the model to compare against. */
  signature?: string;
}

export interface VerifyResult {
  ok: boolean;
  diagnostics: VerifyDiagnostic[];
  /** Model-friendly text: one block per diagnostic (empty when ok). */
  text: string;
  /** The APIs the program calls by name (`module.verb`), in first-use order. */
  calls: string[];
}

const PROGRAM_FILE = '/switchboard/program.js';
const APIS_FILE = '/switchboard/apis.d.ts';
const GLOBALS_FILE = '/switchboard/globals.d.ts';
/** The program becomes the body of an async function so top-level await and `return` are legal. */
const PREFIX = 'async function __program() {\n';
const SUFFIX = '\n}\n';
const MAX_DIAGNOSTICS = 20;

const COMPILER_OPTIONS: TS.CompilerOptions = {
  allowJs: true,
  checkJs: true,
  strict: true,
  // Null checks refuse idiomatic JavaScript that runs ('m.index' is possibly 'undefined' after a regex
  // match); a null at run time fails as a value the program or the repair sees. Everything else stays strict.
  strictNullChecks: false,
  useUnknownInCatchVariables: false,
  // Programs are JavaScript: untyped parameters are fine; API arguments and results are still checked.
  noImplicitAny: false,
  noEmit: true,
  lib: ['lib.es2023.d.ts'],
  types: [],
  noLib: false,
  skipLibCheck: true,
  noResolve: true,
  allowUnreachableCode: true,
  allowUnusedLabels: true,
};

/** The signature of an API as the model reads it in diagnostics. */
export function apiSignature(doc: ApiDocument): string {
  const optional = (doc.parameters.required ?? []).length === 0 ? '?' : '';
  const flat = (type: string) =>
    type
      .replace(/\/\*\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\{ /g, '{ ')
      .trim();
  return `${doc.name}(args${optional}: ${flat(schemaToType(doc.parameters, ''))}): Promise<${flat(schemaToType(doc.returns, ''))}>`;
}

/**
 * Type-checks action programs against the declarations of the APIs they may call, then applies the
 * policy pass. One LanguageService is kept, so the standard library is parsed once and a warm check
 * only re-checks the program (and the declarations when the set of APIs changed).
 */
export class Verifier {
  private readonly files = new Map<string, { text: string; version: number }>();
  // The target is the compiler's enum: read here, so loading this module does not load the compiler.
  private readonly options: TS.CompilerOptions = { ...COMPILER_OPTIONS, target: ts.ScriptTarget.ES2023 };
  private readonly libDir = dirname(ts.getDefaultLibFilePath(this.options));
  private readonly libCache = new Map<string, string | undefined>();
  private readonly service: TS.LanguageService;
  private apisKey = '';

  constructor() {
    this.files.set(GLOBALS_FILE, { text: PROGRAM_GLOBALS, version: 1 });
    this.files.set(APIS_FILE, { text: '', version: 1 });
    this.files.set(PROGRAM_FILE, { text: '', version: 1 });
    // The standard library's and the APIs' declarations are .d.ts files whose JSDoc (most of lib's 500 KB)
    // never changes a type error: it is not parsed. JSDoc in the program (a .js file) types it, and still is.
    const jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
    const host: TS.LanguageServiceHost = {
      jsDocParsingMode,
      getCompilationSettings: () => this.options,
      getScriptFileNames: () => [GLOBALS_FILE, APIS_FILE, PROGRAM_FILE],
      getScriptVersion: (name) => String(this.files.get(name)?.version ?? 0),
      getScriptSnapshot: (name) => {
        const text = this.read(name);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => '/switchboard',
      getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
      fileExists: (name) => this.read(name) !== undefined,
      readFile: (name) => this.read(name),
    };
    this.service = ts.createLanguageService(host, ts.createDocumentRegistry(undefined, undefined, jsDocParsingMode));
  }

  private read(name: string): string | undefined {
    const file = this.files.get(name);
    if (file) return file.text;
    if (!name.startsWith(this.libDir)) return undefined;
    if (!this.libCache.has(name)) {
      let text: string | undefined;
      try {
        text = readFileSync(join(this.libDir, name.slice(this.libDir.length)), 'utf8');
      } catch {
        text = undefined;
      }
      this.libCache.set(name, text);
    }
    return this.libCache.get(name);
  }

  private setFile(name: string, text: string): void {
    const file = this.files.get(name)!;
    if (file.text !== text) this.files.set(name, { text, version: file.version + 1 });
  }

  /** Verifies `program` against the documents of the APIs it may call. */
  verify(program: string, docs: readonly ApiDocument[]): VerifyResult {
    if (program.length > MAX_PROGRAM_CHARS) {
      return finish(
        [
          {
            line: 1,
            column: 1,
            kind: 'size',
            message: `The program is ${program.length} characters long; the limit is ${MAX_PROGRAM_CHARS}. Write a shorter program (use loops and data instead of repeated code).`,
          },
        ],
        [],
      );
    }
    const byName = new Map(docs.map((d) => [d.name, d]));
    const modules = new Map<string, ApiDocument[]>();
    for (const doc of docs) modules.set(doc.module, [...(modules.get(doc.module) ?? []), doc]);
    const key = docs
      .map((d) => `${d.name}@${d.version}`)
      .sort()
      .join('\n');
    if (key !== this.apisKey) {
      this.setFile(APIS_FILE, renderDeclarations(docs, 'compact'));
      this.apisKey = key;
    }
    const text = `${PREFIX}${program}${SUFFIX}`;
    this.setFile(PROGRAM_FILE, text);
    const source = this.service.getProgram()?.getSourceFile(PROGRAM_FILE);
    if (!source) throw new Error('the verifier lost its program file');
    const syntactic = this.service.getSyntacticDiagnostics(PROGRAM_FILE);
    let semantic = this.service.getSemanticDiagnostics(PROGRAM_FILE);
    // A program the checker refuses only because it widened string literals ('bullets' to string), or built up
    // a container whose inferred type is too narrow (`const cells = {}` filled later), is right: it passes when
    // literals keep their literal types and containers stay open. Its diagnostics always come from the text as
    // written, and so does `source` (snapshots are whole strings: a new text is parsed afresh, never in place).
    if (semantic.length > 0) {
      const hinted = withLiteralTypes(withOpenContainers(text, PROGRAM_FILE), PROGRAM_FILE);
      if (hinted !== text) {
        this.setFile(PROGRAM_FILE, hinted);
        if (this.service.getSemanticDiagnostics(PROGRAM_FILE).length === 0) semantic = [];
      }
    }
    const raw = [...syntactic, ...semantic];
    const diagnostics: VerifyDiagnostic[] = [];
    const syntaxCodes = new Set(syntactic.map((d) => d.start));
    for (const d of raw) {
      const start = d.start ?? PREFIX.length;
      const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      const api = apiAt(source, start, byName);
      diagnostics.push({
        ...position(source, start),
        kind: syntaxCodes.has(d.start ?? -1) ? 'syntax' : 'type',
        message: explain(message, d.code, source, start, modules),
        ...(api ? { api: api.name, signature: apiSignature(api) } : {}),
      });
    }
    const readonlyNames = new Set([...modules.keys(), 'log', 'attachments', 'ApiCallError']);
    for (const v of policyViolations(source, { start: PREFIX.length, end: PREFIX.length + program.length }, readonlyNames)) {
      diagnostics.push({ ...position(source, v.start), kind: 'policy', message: v.message });
    }
    diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
    const seen = new Set<string>();
    const unique = diagnostics.filter((d) => {
      const id = `${d.line}:${d.column}:${d.message}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    return finish(unique, callsIn(source, byName));
  }

  dispose(): void {
    this.service.dispose();
  }
}

function finish(diagnostics: VerifyDiagnostic[], calls: string[]): VerifyResult {
  const shown = diagnostics.slice(0, MAX_DIAGNOSTICS);
  const blocks = shown.map(
    (d) => `line ${d.line}, column ${d.column} (${d.kind}): ${d.message}${d.signature ? `\n  ${d.api} is declared as: ${d.signature}` : ''}`,
  );
  if (diagnostics.length > shown.length) blocks.push(`... and ${diagnostics.length - shown.length} more problems.`);
  return { ok: diagnostics.length === 0, diagnostics, text: blocks.join('\n'), calls };
}

/** Line and column in the program as written (the wrapper adds one line before it). */
function position(source: TS.SourceFile, offset: number): { line: number; column: number } {
  const { line, character } = source.getLineAndCharacterOfPosition(Math.max(offset, PREFIX.length));
  return { line: Math.max(1, line), column: character + 1 };
}

/** The `module.verb` call a diagnostic sits in, if any. */
function apiAt(source: TS.SourceFile, offset: number, byName: Map<string, ApiDocument>): ApiDocument | undefined {
  let node: TS.Node | undefined = findNode(source, offset);
  while (node && node !== source) {
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (name && byName.has(name)) return byName.get(name);
    }
    node = node.parent;
  }
  return undefined;
}

function findNode(source: TS.SourceFile, offset: number): TS.Node | undefined {
  let found: TS.Node | undefined;
  const visit = (node: TS.Node) => {
    if (offset >= node.getStart(source) && offset < node.getEnd()) {
      found = node;
      ts.forEachChild(node, visit);
    }
  };
  visit(source);
  return found;
}

function calleeName(call: TS.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) return `${callee.expression.text}.${callee.name.text}`;
  return undefined;
}

function callsIn(source: TS.SourceFile, byName: Map<string, ApiDocument>): string[] {
  const calls = new Set<string>();
  const visit = (node: TS.Node) => {
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (name && byName.has(name)) calls.add(name);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...calls];
}

/** Adds what the model needs to fix the common mistakes: what a module offers, which modules exist. */
function explain(message: string, code: number, source: TS.SourceFile, offset: number, modules: Map<string, ApiDocument[]>): string {
  const node = findNode(source, offset);
  // 2339: Property 'x' does not exist on type 'typeof pptx'.
  if (
    (code === 2339 || code === 2551) &&
    node &&
    ts.isIdentifier(node) &&
    ts.isPropertyAccessExpression(node.parent) &&
    ts.isIdentifier(node.parent.expression)
  ) {
    const docs = modules.get(node.parent.expression.text);
    if (docs && node.parent.name === node) {
      return `${node.parent.expression.text}.${node.text} is not an API you may call. ${node.parent.expression.text} offers: ${docs.map((d) => d.name.slice(d.module.length + 1)).join(', ')}.`;
    }
  }
  // 2304 / 2552: Cannot find name 'x'.
  if ((code === 2304 || code === 2552) && node && ts.isIdentifier(node)) {
    const available = [...modules.keys()].sort();
    return `${message} The program sees only log, attachments, ApiCallError, standard JavaScript and these API namespaces: ${available.join(', ') || '(none)'}.`;
  }
  return message;
}
