import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

/** The limits of issue 17: a function-like body over this many lines, or a file over that many, is reported. */
export const LIMITS = { functionLines: 100, fileLines: 450 } as const;

/** Production sources: the app, packs, renderer, scripts and bench tooling. */
const ROOTS = ['electron', 'apis', 'renderer', 'scripts', 'test/bench'];
const SOURCE = /\.(ts|tsx|mts|cts|mjs|js)$/;
const EXCLUDED = /(\.test\.tsx?|\.spec\.ts|\.d\.ts)$/;
const SKIP_DIRS = new Set(['node_modules', 'fixtures', 'out', 'dist']);

export interface SizeFinding {
  kind: 'file' | 'function';
  file: string;
  line: number;
  lines: number;
  name: string;
}

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) walk(full, out);
    } else if (SOURCE.test(entry.name) && !EXCLUDED.test(entry.name)) {
      out.push(full);
    }
  }
}

/** Production source files under root, relative and posix-style. `scripts/` counts only at its top level. */
export function productionSources(root: string): string[] {
  const files: string[] = [];
  for (const area of ROOTS) walk(join(root, area), files);
  return files
    .map((f) => relative(root, f).split(sep).join('/'))
    .filter((f) => !f.startsWith('scripts/') || f.split('/').length === 2)
    .sort();
}

function nameOf(node: ts.SignatureDeclaration, source: ts.SourceFile): string {
  if (node.name) return node.name.getText(source);
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && parent.name) return parent.name.getText(source);
  return '(anonymous)';
}

/** Every function-like node with a body over the limit, and the file itself if it is over the limit. */
export function sizeFindingsOf(file: string, text: string): SizeFinding[] {
  const findings: SizeFinding[] = [];
  const lineCount = text.split('\n').length;
  if (lineCount > LIMITS.fileLines) findings.push({ kind: 'file', file, line: 1, lines: lineCount, name: '' });
  // A file no longer than the function limit cannot hold a long function: skip parsing it (keeps npm test fast).
  if (lineCount <= LIMITS.functionLines) return findings;
  const kind = file.endsWith('x') ? ts.ScriptKind.TSX : /\.(mjs|js)$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.end).line;
      const lines = end - start + 1;
      if (lines > LIMITS.functionLines) findings.push({ kind: 'function', file, line: start + 1, lines, name: nameOf(node, source) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

/** All findings in the repository at root, as readable lines. */
export function scanSizes(root: string): string[] {
  return productionSources(root).flatMap((file) =>
    sizeFindingsOf(file, readFileSync(join(root, file), 'utf8')).map((f) =>
      f.kind === 'file'
        ? `${f.file}: file has ${f.lines} lines (limit ${LIMITS.fileLines})`
        : `${f.file}:${f.line} ${f.name} has ${f.lines} lines (limit ${LIMITS.functionLines})`,
    ),
  );
}
