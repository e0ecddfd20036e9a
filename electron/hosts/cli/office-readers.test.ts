import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPythonModule, python } from '../../../test/helpers/python';
import { tempHome } from '../../../test/helpers/temp-home';
import { excelText, wordText } from './office-readers';

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
