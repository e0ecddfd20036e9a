import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, normalize, relative } from 'node:path';
import { activeSheetCells, excelText, pyEqual, pyString, wordText } from './office-readers';

/**
 * The checks of an office task suite (../shared/bench/office, OfficeBench's evaluation functions) applied
 * to the files a turn left in the task's folder. Functions not implemented here report `unsupported`,
 * which counts as not passed (never as a pass).
 */
export interface OfficeCheck {
  function: string;
  args: Record<string, unknown>;
}

/** Where a check's `../../../../reference/<file>` (OfficeBench's expected files) is found. */
export interface CheckOptions {
  referenceDir?: string;
}

export interface CheckResult {
  function: string;
  passed: boolean;
  detail: string;
}

const TEXT_TYPES = new Set(['txt', 'ics', 'md', 'csv', 'eml', 'json', 'html']);
const REFERENCE = /^(\.\.\/)+reference\//;

function inside(root: string, file: unknown): string {
  const path = normalize(join(root, String(file)));
  const rel = relative(root, path);
  if (rel.startsWith('..') || isAbsolute(rel)) throw new Error(`${String(file)} is outside the task folder`);
  return path;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function textOf(path: string, docType: string): Promise<string | undefined> {
  if (docType === 'xlsx') return excelText(path);
  if (docType === 'docx' || docType === 'doc') return wordText(path);
  if (!TEXT_TYPES.has(docType)) return undefined;
  return readFile(path, 'utf8');
}

/** OfficeBench's `_evaluate_contain_text`: case-insensitive; once a keyword is a number, commas are dropped. */
function containsAll(content: string, keywords: string[]): string[] {
  let text = content.toLowerCase();
  const missing: string[] = [];
  for (const keyword of keywords) {
    const k = keyword.toLowerCase();
    if (k.trim() !== '' && Number.isFinite(Number(k))) text = text.replaceAll(',', '');
    if (!text.includes(k)) missing.push(keyword);
  }
  return missing;
}

/** `lambda x: x in ['1', '2']`: the one comparator form the suite uses, parsed rather than evaluated. */
function comparatorSet(source: string): Set<string> | undefined {
  const m = /^lambda\s+x\s*:\s*x\s+in\s+\[(.*)\]\s*$/.exec(source.trim());
  if (!m) return undefined;
  return new Set([...m[1]!.matchAll(/'([^']*)'|"([^"]*)"/g)].map((x) => x[1] ?? x[2] ?? ''));
}

async function exactMatchXlsx(result: string, expected: string): Promise<string | undefined> {
  const [a, b] = await Promise.all([activeSheetCells(result), activeSheetCells(expected)]);
  const rows = Math.max(a.length, b.length);
  for (let r = 0; r < rows; r++) {
    const columns = Math.max(a[r]?.length ?? 0, b[r]?.length ?? 0);
    for (let c = 0; c < columns; c++) {
      const x = a[r]?.[c] ?? { kind: 'none' };
      const y = b[r]?.[c] ?? { kind: 'none' };
      if (!pyEqual(x, y)) return `cell (${r + 1}, ${c + 1}) is ${pyString(x)}, expected ${pyString(y)}`;
    }
  }
  return undefined;
}

export async function runCheck(root: string, check: OfficeCheck, options: CheckOptions = {}): Promise<CheckResult> {
  const a = check.args;
  const result = (passed: boolean, detail: string): CheckResult => ({ function: check.function, passed, detail });
  try {
    switch (check.function) {
      case 'evaluate_file_exist':
        return (await exists(inside(root, a.file))) ? result(true, 'exists') : result(false, `${String(a.file)} does not exist`);
      case 'evaluate_file_not_exist':
        return (await exists(inside(root, a.file))) ? result(false, `${String(a.file)} still exists`) : result(true, 'absent');
      case 'evaluate_contain':
      case 'evaluate_not_contain': {
        const path = inside(root, a.file);
        if (!(await exists(path))) return result(false, `${String(a.file)} does not exist`);
        const text = await textOf(path, String(a.doc_type ?? 'txt'));
        if (text === undefined) return result(false, `unsupported: reading ${String(a.doc_type)} documents`);
        const keywords = (a.keywords as unknown[]).map(String);
        const missing = containsAll(text, keywords);
        if (check.function === 'evaluate_contain') return missing.length === 0 ? result(true, 'all keywords found') : result(false, `missing: ${missing.join(', ')}`);
        // Stricter than upstream's `not contain(all keywords)`, which passes as soon as one keyword is absent.
        const found = keywords.filter((k) => !missing.includes(k));
        return found.length === 0 ? result(true, 'none found') : result(false, `found: ${found.join(', ')}`);
      }
      case 'evaluate_excel_cell_value': {
        const path = inside(root, a.file);
        if (!(await exists(path))) return result(false, `${String(a.file)} does not exist`);
        const text = await excelText(path);
        for (const m of a.matches as { row: string | number; col: string | number; value: string | number }[]) {
          if (!text.includes(`(${m.row}, ${m.col}): ${m.value}`)) return result(false, `cell (${m.row}, ${m.col}) is not ${JSON.stringify(String(m.value))}`);
        }
        return result(true, 'cells match');
      }
      case 'evaluate_excel_cell_comparator': {
        const text = await excelText(inside(root, a.file));
        for (const m of a.matches as { row: string; col: string; comparator: string }[]) {
          const allowed = comparatorSet(m.comparator);
          if (!allowed) return result(false, `unsupported: comparator ${m.comparator}`);
          const got = new RegExp(`\\(${m.row}, ${m.col}\\): (\\w+)\t`).exec(text)?.[1];
          if (got === undefined || !allowed.has(got)) return result(false, `cell (${m.row}, ${m.col}) is ${JSON.stringify(got ?? null)}`);
        }
        return result(true, 'cells satisfy the comparator');
      }
      case 'evaluate_exact_match': {
        if (a.doc_type !== 'xlsx') return result(false, `unsupported: exact match of ${String(a.doc_type)} documents`);
        const path = inside(root, a.result_file);
        if (!(await exists(path))) return result(false, `${String(a.result_file)} does not exist`);
        const name = String(a.expected_file);
        const expected = REFERENCE.test(name) && options.referenceDir ? join(options.referenceDir, name.replace(REFERENCE, '')) : inside(root, name);
        const difference = await exactMatchXlsx(path, expected);
        return difference ? result(false, difference) : result(true, 'sheets match');
      }
      default:
        return result(false, `unsupported: ${check.function}`);
    }
  } catch (error) {
    return result(false, error instanceof Error ? error.message : String(error));
  }
}
