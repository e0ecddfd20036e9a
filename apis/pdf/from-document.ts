import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { constants, inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import { ApiError, defineApi, inspectOfficePackage, OFFICE_LIMITS, type OfficeKind } from '../sdk';
import { checkOutput, outputPdf, overwrite, parsePdf, readInput, siblingPath, stageBytes } from './io';
import { requireTool, runTool } from './tools';

const OOXML: Record<string, OfficeKind> = { '.docx': 'docx', '.xlsx': 'xlsx', '.xlsm': 'xlsx', '.pptx': 'pptx' };
const OTHER = ['.odt', '.ods', '.odp', '.doc', '.xls', '.ppt', '.rtf', '.csv', '.txt', '.html', '.htm'];
const inflatePrefix = (data: Uint8Array, maxOutput?: number): Uint8Array =>
  inflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH, ...(maxOutput ? { maxOutputLength: maxOutput } : {}) });

export const fromDocument = defineApi({
  name: 'fromDocument',
  description: `Convert an office document to PDF with LibreOffice (soffice --headless, a private profile per call, stopped after timeoutSeconds or when the run is cancelled). Word (.docx, .doc, .odt, .rtf), Excel (.xlsx, .xls, .ods, .csv: every sheet, as LibreOffice prints it) and PowerPoint (.pptx, .ppt, .odp: one slide per page), also .txt and .html. Reads this program's staged version when it wrote the document earlier in the run.
Inputs: path (the document), output (default: the same name with .pdf), overwrite, timeoutSeconds.
Output: { path (the PDF), pages, bytes }. Staged: the PDF reaches the disk at Apply.
Errors: UNAVAILABLE ("LibreOffice is needed...") when soffice is not installed (names the Debian/Ubuntu packages libreoffice-writer, libreoffice-calc, libreoffice-impress); API_ERROR when LibreOffice fails or times out; INVALID_ARGUMENTS (unsupported type, output exists or not .pdf); INVALID_FILE (damaged or password-protected document); TOO_LARGE (over 200 MB, zip bomb); NOT_FOUND; PERMISSION_DENIED.`,
  parameters: z.object({
    path: z.string().min(1).describe('the document to convert: .docx .xlsx .pptx .odt .ods .odp .doc .xls .ppt .rtf .csv .txt .html'),
    output: outputPdf.optional().describe("the .pdf to write; default: the document's name with .pdf, in the same folder"),
    overwrite,
    timeoutSeconds: z.number().int().min(5).max(600).default(120).describe('LibreOffice is stopped after this long'),
  }),
  returns: z.object({
    path: z.string().describe('the PDF written'),
    pages: z.number().describe('pages in the PDF'),
    bytes: z.number().describe('size of the PDF'),
  }),
  examples: [
    `const converted = await pdf.fromDocument({ path: 'report.docx' });
log(\`\${converted.path}: \${converted.pages} pages\`);`,
    `await xlsx.createWorkbook({ path: 'totals.xlsx', sheets: [{ name: 'Totals', columns: [{ header: 'Item' }, { header: 'Cost', type: 'number' }], rows: [['Rent', 1200]] }] });
await pdf.fromDocument({ path: 'totals.xlsx', output: 'archive/totals.pdf' });`,
  ],
  composition:
    'Write or edit the document first (docx.createDocument, xlsx.writeCells, pptx.createDeck...) and convert it last in the same program: the staged version is converted. For plain text or markdown use pdf.fromText, which needs no LibreOffice. Check the result with pdf.info or fs.readPdfText.',
  effects: 'stage',
  run: async (args, ctx) => {
    const ext = extname(args.path).toLowerCase();
    const kind = OOXML[ext];
    if (!kind && !OTHER.includes(ext))
      throw new ApiError(
        'INVALID_ARGUMENTS',
        `${args.path}: cannot convert ${ext || 'a file without an extension'} (supported: ${[...Object.keys(OOXML), ...OTHER].join(' ')}); use pdf.fromImages for images, pdf.fromText for text`,
      );
    const output = args.output ?? siblingPath(args.path, '', '.pdf');
    await checkOutput(ctx, output, args.overwrite);
    const bytes = await readInput(ctx, args.path, OFFICE_LIMITS.maxBytes);
    if (kind) inspectOfficePackage(bytes, kind, args.path, inflatePrefix);
    const soffice = requireTool('soffice');
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-pdf-'));
    try {
      const input = join(dir, `document${ext}`);
      await writeFile(input, bytes);
      const profile = `file://${join(dir, 'profile')}`;
      await runTool(
        ctx,
        soffice,
        [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', join(dir, 'out'), input],
        'LibreOffice',
        args.timeoutSeconds * 1000,
      );
      const produced = (await readdir(join(dir, 'out')).catch(() => [] as string[])).find((f) => f.endsWith('.pdf'));
      if (!produced) throw new ApiError('INVALID_FILE', `LibreOffice could not open ${args.path} (damaged, password-protected or not really ${ext})`);
      const pdf = await readFile(join(dir, 'out', produced));
      const doc = await parsePdf(pdf, `the PDF made from ${args.path}`);
      const written = await stageBytes(ctx, output, pdf);
      return { path: output, pages: doc.getPageCount(), bytes: written };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
});
