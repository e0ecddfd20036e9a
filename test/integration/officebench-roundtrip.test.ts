import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docxPack } from '../../apis/docx/pack';
import { xlsxPack } from '../../apis/xlsx/pack';
import { apiContext, callApi } from '../helpers/api-harness';
import { hasOfficeBench, officeBenchFiles } from '../helpers/bench-office';
import { hasPythonModule, python } from '../helpers/python';
import { convertToPdf, hasSoffice, pdfText } from '../helpers/soffice';
import { testStaging } from '../helpers/staging';

const MARK = 'SWITCHBOARD-ROUNDTRIP';
const ready = hasOfficeBench() && hasPythonModule('openpyxl') && hasPythonModule('docx') && hasSoffice();

// Real-world files from the OfficeBench testbeds (read in place, copied to a temp folder, never into the repo):
// each is read and edited through the packs; openpyxl / python-docx re-open every result and LibreOffice converts a sample.
describe.skipIf(!ready)('OfficeBench testbeds round-trip through the xlsx and docx packs', () => {
  it('edits every xlsx and docx without corrupting it', async () => {
    const root = await mkdtemp(join(tmpdir(), 'officebench-'));
    try {
      const ctx = apiContext(await testStaging([root]));
      const xlsx = officeBenchFiles('.xlsx');
      const docx = officeBenchFiles('.docx');
      expect(xlsx.length).toBeGreaterThan(10);
      expect(docx.length).toBeGreaterThan(5);
      const edited: { kind: 'xlsx' | 'docx'; staged: string; sheet?: string; cell?: string }[] = [];
      for (const file of xlsx) {
        const name = basename(file);
        await copyFile(file, join(root, name));
        const info = (await callApi(xlsxPack, 'describeWorkbook', { path: name }, ctx)) as { sheets: { name: string; columns: number }[] };
        const sheet = info.sheets[0]!;
        await callApi(xlsxPack, 'readRange', { path: name, sheet: sheet.name, maxRows: 50 }, ctx);
        const cell = `${String.fromCharCode(65 + Math.min(sheet.columns, 24))}1`;
        await callApi(xlsxPack, 'writeCells', { path: name, sheet: sheet.name, cells: { [cell]: MARK } }, ctx);
        edited.push({ kind: 'xlsx', staged: ctx.staging.entries().at(-1)!.stagedPath!, sheet: sheet.name, cell });
      }
      for (const file of docx) {
        const name = basename(file);
        await copyFile(file, join(root, name));
        const doc = (await callApi(docxPack, 'readDocument', { path: name }, ctx)) as { blocks: { type: string; text?: string }[] };
        const first = doc.blocks
          .find((b) => b.type !== 'table' && (b.text ?? '').trim().length > 3)
          ?.text?.trim()
          .split(/\s+/)[0];
        if (first) await callApi(docxPack, 'replaceText', { path: name, replacements: [{ find: first, replace: first }] }, ctx);
        await callApi(
          docxPack,
          'appendSections',
          {
            path: name,
            blocks: [
              { type: 'heading', text: MARK, level: 2 },
              { type: 'table', header: ['a', 'b'], rows: [['1', '2']] },
            ],
          },
          ctx,
        );
        edited.push({ kind: 'docx', staged: ctx.staging.entries().at(-1)!.stagedPath! });
      }
      const checks = (await python(
        `import json, sys, openpyxl, docx
items = json.loads(sys.argv[1]); out = []
for it in items:
    if it["kind"] == "xlsx":
        wb = openpyxl.load_workbook(it["staged"])
        out.append(wb[it["sheet"]][it["cell"]].value)
    else:
        d = docx.Document(it["staged"])
        out.append([p.text for p in d.paragraphs if p.text == "${MARK}"][0] if any(p.text == "${MARK}" for p in d.paragraphs) else None)
print(json.dumps(out))`,
        [JSON.stringify(edited)],
      )) as unknown[];
      expect(checks).toEqual(edited.map(() => MARK));
      // LibreOffice still opens the results: a sample of both kinds converted to PDF in one run.
      const sample = [...edited.filter((e) => e.kind === 'docx').slice(0, 4), ...edited.filter((e) => e.kind === 'xlsx').slice(0, 4)];
      const out = join(root, 'pdf');
      await convertToPdf(
        sample.map((e) => e.staged),
        out,
      );
      for (const e of sample) {
        const pdf = join(out, basename(e.staged).replace(/\.(xlsx|docx)$/, '.pdf'));
        expect((await stat(pdf)).size, pdf).toBeGreaterThan(500);
        expect(await pdfText(pdf), pdf).toContain(MARK);
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 300_000);
});
