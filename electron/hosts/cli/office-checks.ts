import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, normalize, relative } from 'node:path';

/**
 * The checks of an office task suite (../shared/bench/office, OfficeBench's evaluation functions) applied
 * to the files a turn left in the task's folder. Functions not implemented here report `unsupported`,
 * which counts as not passed (never as a pass).
 */
export interface OfficeCheck {
  function: string;
  args: Record<string, unknown>;
}

export interface CheckResult {
  function: string;
  passed: boolean;
  detail: string;
}

const TEXT_TYPES = new Set(['txt', 'ics', 'md', 'csv', 'eml', 'json', 'html']);

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
  if (!TEXT_TYPES.has(docType)) return undefined;
  return readFile(path, 'utf8');
}

async function cellValue(path: string, row: number, col: number): Promise<string> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const value = book.worksheets[0]?.getRow(row).getCell(col).value;
  if (value && typeof value === 'object' && 'result' in value) return String(value.result);
  return value === null || value === undefined ? '' : String(value);
}

export async function runCheck(root: string, check: OfficeCheck): Promise<CheckResult> {
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
        const found = keywords.filter((k) => text.includes(k));
        if (check.function === 'evaluate_contain') return found.length === keywords.length ? result(true, 'all keywords found') : result(false, `missing: ${keywords.filter((k) => !found.includes(k)).join(', ')}`);
        return found.length === 0 ? result(true, 'none found') : result(false, `found: ${found.join(', ')}`);
      }
      case 'evaluate_excel_cell_value': {
        const path = inside(root, a.file);
        for (const m of a.matches as { row: string; col: string; value: string }[]) {
          const got = await cellValue(path, Number(m.row), Number(m.col));
          if (got !== String(m.value)) return result(false, `cell (${m.row}, ${m.col}) is ${JSON.stringify(got)}, expected ${JSON.stringify(m.value)}`);
        }
        return result(true, 'cells match');
      }
      default:
        return result(false, `unsupported: ${check.function}`);
    }
  } catch (error) {
    return result(false, error instanceof Error ? error.message : String(error));
  }
}
