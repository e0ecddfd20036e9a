import { stat } from 'node:fs/promises';
import { isAbsolute, join, normalize, relative } from 'node:path';
import { calendarOverlap } from './office-calendar';
import { listEmails, userMailFolder } from './office-email';
import { activeSheetCells, excelText, pdfText, pyEqual, pyString, pythonText, wordParagraphs, wordText } from './office-readers';
import { unifiedDiff } from './py-difflib';
import { errorMessage } from '../../shared/errors';

/**
 * The checks of an office task suite (../shared/bench/office, OfficeBench's `utils/evaluate.py`) applied to
 * the files a turn left in the task's folder, with upstream's semantics, quirks included: where upstream's
 * Python raises, the check fails with `raised` set and the reason; a function upstream lacks is `unsupported`.
 */
export interface OfficeCheck {
  function: string;
  args: Record<string, unknown>;
}

/** Where a check's paths outside the task folder point: OfficeBench's expected files and the untouched testbed. */
export interface CheckOptions {
  /** `../../../../reference/<file>`: the task's reference folder. */
  referenceDir?: string;
  /** `../../../../cache/<n>/testbed/<file>`: the task's testbed as it was before the turn. */
  testbedDir?: string;
}

export interface CheckResult {
  function: string;
  passed: boolean;
  /** The verdict's reason. */
  detail: string;
  /** Upstream's Python raises here (a missing key or file, a doc_type it does not read): the task fails. */
  raised?: boolean;
  /** Not one of upstream's evaluation functions. */
  unsupported?: boolean;
}

class Raised extends Error {}

const REFERENCE = /^(\.\.\/)+reference\//;
const CACHE = /^(\.\.\/)+cache\/\d+\/testbed\//;

function need(args: Record<string, unknown>, key: string): unknown {
  if (!(key in args)) throw new Raised(`KeyError: '${key}' (the check has no args.${key})`);
  return args[key];
}

function pathOf(root: string, file: unknown, options: CheckOptions): string {
  const name = String(file);
  if (REFERENCE.test(name) && options.referenceDir) return join(options.referenceDir, name.replace(REFERENCE, ''));
  if (CACHE.test(name) && options.testbedDir) return join(options.testbedDir, name.replace(CACHE, ''));
  const path = normalize(join(root, name));
  const rel = relative(root, path);
  if (rel.startsWith('..') || isAbsolute(rel)) throw new Raised(`${name} is outside the task folder`);
  return path;
}

async function kind(path: string): Promise<'file' | 'dir' | undefined> {
  return stat(path).then(
    (s) => (s.isFile() ? 'file' : 'dir'),
    () => undefined,
  );
}

/** Python's `float(s)` succeeding: decimals, exponents, underscores between digits, inf and nan. */
export function pyIsFloat(s: string): boolean {
  const digits = String.raw`\d(?:_?\d)*`;
  return new RegExp(String.raw`^\s*[+-]?(?:(?:${digits}(?:\.(?:${digits})?)?|\.${digits})(?:e[+-]?${digits})?|inf|infinity|nan)\s*$`, 'i').test(s);
}

/** `_evaluate_contain_text`: case-insensitive; once a keyword is a number, commas are dropped from the text for good. */
export function missingKeywords(content: string, keywords: readonly unknown[]): string[] {
  let text = content.toLowerCase();
  const missing: string[] = [];
  for (const keyword of keywords) {
    if (typeof keyword !== 'string') throw new Raised(`keyword ${JSON.stringify(keyword)} is not a string (AttributeError: lower)`);
    const k = keyword.toLowerCase();
    if (pyIsFloat(k)) text = text.replaceAll(',', '');
    if (!text.includes(k)) {
      missing.push(keyword);
      break; // upstream returns at the first missing keyword
    }
  }
  return missing;
}

async function containText(root: string, a: Record<string, unknown>, options: CheckOptions): Promise<string | undefined> {
  const type = String(need(a, 'doc_type'));
  if (type === 'email') return listEmails(userMailFolder(root, String(need(a, 'username'))));
  const path = pathOf(root, need(a, 'file'), options);
  if ((await kind(path)) !== 'file') return undefined;
  if (type === 'xlsx') return excelText(path);
  if (type === 'txt' || type === 'ics') return pythonText(path);
  if (type === 'doc' || type === 'docx') return wordText(path);
  if (type === 'pdf') return pdfText(path);
  throw new Raised(`AssertionError: Not implemented doc type: ${type}`);
}

async function contain(root: string, a: Record<string, unknown>, options: CheckOptions): Promise<{ ok: boolean; why: string }> {
  const text = await containText(root, a, options);
  if (text === undefined) return { ok: false, why: `${String(a.file)} does not exist` };
  const missing = missingKeywords(text, need(a, 'keywords') as unknown[]);
  return missing.length === 0 ? { ok: true, why: 'every keyword is there' } : { ok: false, why: `missing: ${missing.join(', ')}` };
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

async function exactMatch(root: string, a: Record<string, unknown>, options: CheckOptions): Promise<{ ok: boolean; why: string }> {
  const path = pathOf(root, need(a, 'result_file'), options);
  if (!(await kind(path))) return { ok: false, why: `${String(a.result_file)} does not exist` };
  const expected = pathOf(root, need(a, 'expected_file'), options);
  const type = String(need(a, 'doc_type'));
  if (type === 'xlsx') {
    const difference = await exactMatchXlsx(path, expected);
    return difference ? { ok: false, why: difference } : { ok: true, why: 'the active sheets match' };
  }
  if (type === 'txt' || type === 'ics')
    return (await pythonText(path)) === (await pythonText(expected)) ? { ok: true, why: 'the texts match' } : { ok: false, why: 'the texts differ' };
  if (type === 'doc') {
    // Upstream compares two lists of python-docx Paragraph objects, equal only when both are empty.
    const [x, y] = await Promise.all([wordParagraphs(path), wordParagraphs(expected)]);
    return x.length === 0 && y.length === 0
      ? { ok: true, why: 'both documents have no paragraphs' }
      : { ok: false, why: 'upstream compares Paragraph objects by identity: never equal (upstream error)' };
  }
  if (type === 'pdf') {
    await Promise.all([pdfText(path), pdfText(expected)]);
    return { ok: false, why: 'upstream compares two PdfReader page lists by identity: never equal (upstream error)' };
  }
  throw new Raised(`AssertionError: Not implemented doc type: ${type}`);
}

async function diffContain(root: string, a: Record<string, unknown>, options: CheckOptions): Promise<{ ok: boolean; why: string }> {
  const type = String(need(a, 'doc_type'));
  const input = pathOf(root, need(a, 'input_file'), options);
  const output = pathOf(root, need(a, 'output_file'), options);
  if (type === 'doc') {
    const [x, y] = await Promise.all([wordParagraphs(input), wordParagraphs(output)]);
    if (x.length === 0 && y.length === 0) return { ok: false, why: 'the two documents are the same' };
    throw new Raised("AttributeError: 'list' object has no attribute 'split' (upstream reads doc as Paragraph lists)");
  }
  if (type !== 'xlsx') throw new Raised(`AssertionError: Not implemented doc type: ${type}`);
  const [before, after] = await Promise.all([excelText(input), excelText(output)]);
  if (before === after) return { ok: false, why: 'the output is the same as the input' };
  const diff = unifiedDiff(before.split('\n'), after.split('\n'), 0).join('\n');
  const absent = (need(a, 'keywords') as unknown[]).map(String).filter((k) => !diff.includes(k));
  return absent.length === 0 ? { ok: true, why: 'the diff holds every keyword' } : { ok: false, why: `the diff lacks: ${absent.join(', ')}` };
}

async function cellValue(root: string, a: Record<string, unknown>, options: CheckOptions): Promise<{ ok: boolean; why: string }> {
  const path = pathOf(root, need(a, 'file'), options);
  if (!(await kind(path))) return { ok: false, why: `${String(a.file)} does not exist` };
  const text = await excelText(path);
  for (const m of need(a, 'matches') as Record<string, unknown>[]) {
    if (!text.includes(`(${String(need(m, 'row'))}, ${String(need(m, 'col'))}): ${String(need(m, 'value'))}`))
      return { ok: false, why: `cell (${String(m.row)}, ${String(m.col)}) is not ${JSON.stringify(String(m.value))}` };
  }
  return { ok: true, why: 'the cells match' };
}

/** `lambda x: x in [...]`: the one comparator form the suite uses, parsed rather than evaluated. */
function comparatorSet(source: string): Set<string> | undefined {
  const m = /^lambda\s+x\s*:\s*x\s+in\s+\[(.*)\]\s*$/.exec(source.trim());
  if (!m) return undefined;
  return new Set([...m[1]!.matchAll(/'([^']*)'|"([^"]*)"/g)].map((x) => x[1] ?? x[2] ?? ''));
}

async function cellComparator(root: string, a: Record<string, unknown>, options: CheckOptions): Promise<{ ok: boolean; why: string; unsupported?: boolean }> {
  const text = await excelText(pathOf(root, need(a, 'file'), options));
  for (const m of need(a, 'matches') as Record<string, unknown>[]) {
    const source = String(need(m, 'comparator'));
    const allowed = comparatorSet(source);
    if (!allowed) return { ok: false, why: `unsupported: comparator ${source} (only lambda x: x in [...] is read)`, unsupported: true };
    const got = new RegExp(String.raw`\(${String(m.row)}, ${String(m.col)}\): ([\p{L}\p{N}_]+)\t`, 'u').exec(text)?.[1];
    if (got === undefined || !allowed.has(got)) return { ok: false, why: `cell (${String(m.row)}, ${String(m.col)}) is ${JSON.stringify(got ?? null)}` };
  }
  return { ok: true, why: 'the cells satisfy the comparator' };
}

async function evaluate(root: string, check: OfficeCheck, options: CheckOptions): Promise<{ ok: boolean; why: string; unsupported?: boolean }> {
  const a = check.args;
  switch (check.function) {
    case 'evaluate_file_exist':
      return (await kind(pathOf(root, need(a, 'file'), options)))
        ? { ok: true, why: `${String(a.file)} exists` }
        : { ok: false, why: `${String(a.file)} does not exist` };
    case 'evaluate_file_not_exist':
      return (await kind(pathOf(root, need(a, 'file'), options)))
        ? { ok: false, why: `${String(a.file)} still exists` }
        : { ok: true, why: `${String(a.file)} is absent` };
    case 'evaluate_contain':
      return contain(root, a, options);
    case 'evaluate_not_contain': {
      // Upstream's `not evaluate_contain(...)`: passes as soon as one keyword (or the file) is missing.
      const r = await contain(root, a, options);
      return r.ok ? { ok: false, why: 'every keyword is there' } : { ok: true, why: r.why };
    }
    case 'evaluate_exact_match':
      return exactMatch(root, a, options);
    case 'evaluate_diff_contain_text':
      return diffContain(root, a, options);
    case 'evaluate_excel_cell_value':
      return cellValue(root, a, options);
    case 'evaluate_excel_cell_comparator':
      return cellComparator(root, a, options);
    case 'evaluate_calendar_no_overlap': {
      const file = join(root, 'calendar', `${String(need(a, 'username'))}.ics`);
      if ((await kind(file)) !== 'file') throw new Raised(`FileNotFoundError: calendar/${String(a.username)}.ics`);
      const overlap = await calendarOverlap(file);
      return overlap ? { ok: false, why: overlap } : { ok: true, why: 'no two events overlap' };
    }
    default:
      return { ok: false, why: `unsupported: ${check.function} is not an OfficeBench evaluation function`, unsupported: true };
  }
}

export async function runCheck(root: string, check: OfficeCheck, options: CheckOptions = {}): Promise<CheckResult> {
  try {
    const { ok, why, unsupported } = await evaluate(root, check, options);
    return { function: check.function, passed: ok, detail: why, ...(unsupported ? { unsupported } : {}) };
  } catch (error) {
    // Any exception fails the task upstream (evaluation.py catches it around the whole task).
    const message = errorMessage(error);
    return { function: check.function, passed: false, detail: `raises: ${message}`, raised: true };
  }
}
