import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** An area of the tree and what its files may import. */
export interface AreaRule {
  area: string;
  /** Areas (folders relative to the root) this area may import from, besides itself. */
  mayImportAreas: string[];
  /** Bare packages this area may import; '*' allows any except those in forbidPackages. */
  mayImportPackages: string[] | '*';
  forbidPackages?: string[];
}

export interface Violation {
  file: string;
  specifier: string;
  reason: string;
}

/** The import direction of DESIGN.md, as data. Longest matching area wins (apis/sdk before apis). */
export const RULES: AreaRule[] = [
  { area: 'electron/shared', mayImportAreas: ['apis/sdk'], mayImportPackages: ['zod'] },
  { area: 'electron/core', mayImportAreas: ['electron/shared', 'apis/sdk'], mayImportPackages: '*', forbidPackages: ['electron'] },
  { area: 'electron/preload', mayImportAreas: ['electron/shared'], mayImportPackages: ['electron'] },
  { area: 'electron/main', mayImportAreas: ['electron/core', 'electron/shared', 'apis'], mayImportPackages: '*' },
  { area: 'electron/hosts', mayImportAreas: ['electron/core', 'electron/shared', 'apis'], mayImportPackages: '*', forbidPackages: ['electron'] },
  { area: 'renderer', mayImportAreas: ['electron/shared'], mayImportPackages: '*', forbidPackages: ['electron'] },
  { area: 'apis/sdk', mayImportAreas: [], mayImportPackages: ['zod', 'jszip', '@xmldom/xmldom', 'pdfjs-dist'] },
  { area: 'apis', mayImportAreas: ['apis/sdk'], mayImportPackages: '*', forbidPackages: ['electron'] },
];

const AREA_ORDER = [...RULES].sort((a, b) => b.area.length - a.area.length);
const SOURCE = /\.(ts|tsx|mts|cts)$/;

function areaOf(rel: string): AreaRule | undefined {
  const posix = rel.split(sep).join('/');
  return AREA_ORDER.find((r) => posix === r.area || posix.startsWith(`${r.area}/`));
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (SOURCE.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

/** Every import, export-from, dynamic import and require in a file, as written. */
export function importsOf(text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((f) => f.fileName);
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** Scans the areas under `root` and returns every import that breaks the rules. */
export function scanImports(root: string, rules: AreaRule[] = RULES): Violation[] {
  const violations: Violation[] = [];
  for (const rule of rules) {
    const dir = join(root, rule.area);
    let exists = false;
    try {
      exists = statSync(dir).isDirectory();
    } catch {
      exists = false;
    }
    if (!exists) continue;
    for (const file of walk(dir)) {
      const rel = relative(root, file);
      const own = areaOf(rel);
      if (own?.area !== rule.area) continue;
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        const reason = check(root, file, specifier, own);
        if (reason) violations.push({ file: rel.split(sep).join('/'), specifier, reason });
      }
    }
  }
  return violations;
}

function check(root: string, file: string, specifier: string, rule: AreaRule): string | undefined {
  if (specifier.startsWith('.')) {
    const target = relative(root, resolve(dirname(file), specifier));
    if (target.startsWith('..')) return 'imports from outside the repository';
    const targetArea = areaOf(target);
    if (!targetArea) return `imports ${target}, which is in no area`;
    if (targetArea.area === rule.area || rule.mayImportAreas.includes(targetArea.area)) return undefined;
    return `${rule.area} may not import ${targetArea.area}`;
  }
  const pkg = specifier.startsWith('node:') ? 'node:' : packageName(specifier);
  if (rule.forbidPackages?.includes(pkg)) return `${rule.area} may not import ${pkg}`;
  if (rule.mayImportPackages === '*') return undefined;
  return rule.mayImportPackages.includes(pkg) ? undefined : `${rule.area} may not import ${pkg}`;
}
