import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPythonModule, python } from '../../../test/helpers/python';
import { tempHome } from '../../../test/helpers/temp-home';
import { listEmails } from './office-email';
import { excelText, wordText } from './office-readers';
import { unifiedDiff } from './py-difflib';

let home: Awaited<ReturnType<typeof tempHome>>;
beforeAll(async () => {
  home = await tempHome('switchboard-readers-');
});
afterAll(() => home.cleanup());

// Files written by openpyxl and python-docx; what OfficeBench's own readers (openpyxl's iter_rows printed as
// `(row, col): value\t`, python-docx's paragraphs joined by newlines) make of them is the expected text.
describe.skipIf(!(hasPythonModule('openpyxl') && hasPythonModule('docx')))('office readers match OfficeBench’s Python readers', () => {
  it('render a sheet as excel_read_file does and a document as word_read_file_into_string does', async () => {
    const xlsx = join(home.dir, 'book.xlsx');
    const docx = join(home.dir, 'doc.docx');
    const expected = (await python(
      `import sys, json, datetime, openpyxl, docx
wb = openpyxl.Workbook(); ws = wb.active; ws.title = 'First'
ws.append(['Name', 'amount', 'ratio', 'when', 'ok', 'sum'])
ws.append(['apple', 2, 0.25, datetime.datetime(2024, 5, 17, 10, 30), True, '=SUM(B2:B3)'])
ws.append(['onion', 1200000, -1.5, None, False, None])
wb.create_sheet('Other')['A1'] = 'not active'
wb.save(sys.argv[1])
d = docx.Document(); d.add_heading('Report', 1); p = d.add_paragraph('Plain and '); p.add_run('bold').bold = True
d.add_table(rows=1, cols=1).cell(0, 0).text = 'in a table'
d.add_paragraph(''); d.add_paragraph('Tab\\there')
d.save(sys.argv[2])
content = ''
for row in openpyxl.load_workbook(sys.argv[1]).active.iter_rows():
    for cell in row:
        v = cell.value
        content += f'({cell.row}, {cell.column}): {"[Empty Cell]" if v is None else v}\\t'
    content += '\\n'
print(json.dumps({'xlsx': content, 'docx': '\\n'.join(p.text for p in docx.Document(sys.argv[2]).paragraphs)}))`,
      [xlsx, docx],
    )) as { xlsx: string; docx: string };
    expect(await excelText(xlsx)).toBe(expected.xlsx);
    expect(await wordText(docx)).toBe(expected.docx);
  });
});

const TASKS = '/work/shared/bench/office/officebench/raw/tasks';
const devFiles = (pattern: RegExp): string[] =>
  existsSync(TASKS)
    ? readdirSync(TASKS).flatMap((task) => {
        const found: string[] = [];
        const walk = (dir: string) => {
          for (const e of readdirSync(dir, { withFileTypes: true })) {
            if (e.isDirectory()) walk(join(dir, e.name));
            else if (pattern.test(e.name)) found.push(join(dir, e.name));
          }
        };
        if (existsSync(join(TASKS, task, 'testbed'))) walk(join(TASKS, task, 'testbed'));
        return found;
      })
    : [];

// Upstream's own reading code (utils/evaluate.py's readers, email_list_emails.list_emails with the folder
// passed in, difflib) run by Python on every dev testbed file; ours must produce the same text.
describe.skipIf(!existsSync(TASKS) || !(hasPythonModule('openpyxl') && hasPythonModule('docx')))('readers match upstream’s on the dev testbeds', () => {
  it('every dev sheet and document', async () => {
    const files = [...devFiles(/\.xlsx$/), ...devFiles(/\.docx$/)];
    expect(files.length).toBeGreaterThan(70);
    const expected = (await python(
      `import sys, json, openpyxl, docx
from docx.oxml.ns import qn
# Upstream pins python-docx 1.1.0: paragraph.text includes hyperlinks' runs and a page or column break adds
# nothing. Debian's 0.8 does neither, so 1.1's run text is spelled out here over python-docx's parsed XML.
def run(r):
    out = ''
    for c in r.iterchildren():
        if c.tag == qn('w:t'): out += c.text or ''
        elif c.tag in (qn('w:tab'), qn('w:ptab')): out += '\\t'
        elif c.tag == qn('w:br'): out += '\\n' if c.get(qn('w:type')) in (None, 'textWrapping') else ''
        elif c.tag == qn('w:cr'): out += '\\n'
        elif c.tag == qn('w:noBreakHyphen'): out += '-'
    return out
def text(p):
    return ''.join(run(c) if c.tag == qn('w:r') else ''.join(run(r) for r in c.iterchildren(qn('w:r'))) for c in p._p.iterchildren() if c.tag in (qn('w:r'), qn('w:hyperlink')))
out = []
for f in sys.argv[1:]:
    if f.endswith('.docx'):
        out.append('\\n'.join(text(p) for p in docx.Document(f).paragraphs)); continue
    s = ''
    for row in openpyxl.load_workbook(f).active.iter_rows():
        for cell in row:
            v = cell.value
            s += f'({cell.row}, {cell.column}): {"[Empty Cell]" if v is None else v}\\t'
        s += '\\n'
    out.append(s)
print(json.dumps(out))`,
      files,
    )) as string[];
    const ours = await Promise.all(files.map((f) => (f.endsWith('.docx') ? wordText(f) : excelText(f))));
    expect(ours.map((t, i) => (t === expected[i] ? 'same' : files[i]))).toEqual(files.map(() => 'same'));
  }, 120_000);

  it('every dev mail folder, listed as list_emails lists it', async () => {
    const folders = [...new Set(devFiles(/\.eml$/).map((f) => dirname(f)))].filter((d) => basename(dirname(d)) === 'emails');
    expect(folders.length).toBeGreaterThan(5);
    const expected = (await python(
      `import sys, json, glob
from email import policy
from email.parser import BytesParser
def content(msg):
    if msg.is_multipart():
        parts = []
        for part in msg.iter_parts():
            if part.get_content_type() in ('text/plain', 'text/html'):
                parts.append(part.get_payload(decode=True).decode(part.get_content_charset(), errors="replace"))
        return "\\n".join(parts)
    return msg.get_payload(decode=True).decode(msg.get_content_charset(), errors="replace")
out = []
for folder in sys.argv[1:]:
    try:
        m = ''
        for f in sorted(glob.glob(folder + '/*.eml')):
            e = BytesParser(policy=policy.default).parsebytes(open(f, 'rb').read())
            m += f'Email ID: {f.split("/")[-1]}\\nFrom: {e["From"]}\\nTo: {e["To"]}\\nSubject: {e["Subject"]}\\nContent: {content(e)}\\n' + '-' * 50 + '\\n'
        out.append(m or 'No emails found.')
    except Exception:
        out.append('Error: Failed to list emails.')
print(json.dumps(out))`,
      folders,
    )) as string[];
    const ours = await Promise.all(folders.map((f) => listEmails(f)));
    for (let i = 0; i < folders.length; i++) expect(ours[i], folders[i]).toBe(expected[i]);
  });

  it('difflib.unified_diff with n=0 on sheet renderings', async () => {
    const a = ['(1, 1): Name\t', '(2, 1): Liam\t', '(3, 1): Ivy\t', '(4, 1): Alice\t', '(5, 1): Bob\t', ''];
    const cases: [string[], string[]][] = [
      [a, a.filter((l) => !l.includes('Alice'))],
      [a, [...a.slice(0, 2), 'x', ...a.slice(3), 'y']],
      [a, []],
      [[], a],
      [
        Array.from({ length: 250 }, (_, i) => (i % 3 ? 'same' : `row ${i}`)),
        Array.from({ length: 250 }, (_, i) => (i % 3 ? 'same' : i === 99 ? 'changed' : `row ${i}`)),
      ],
    ];
    const expected = (await python(
      'import sys, json, difflib\nprint(json.dumps([list(difflib.unified_diff(a, b, n=0)) for a, b in json.loads(sys.argv[1])]))',
      [JSON.stringify(cases)],
    )) as string[][];
    expect(cases.map(([x, y]) => unifiedDiff(x, y, 0))).toEqual(expected);
  });
});
