// Node side of the office benchmark: one job per process (so peak RSS is the job's own), prints { ms, rss_mb }.
import { mkdtemp, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { docxPack } from '../../apis/docx/pack';
import { xlsxPack } from '../../apis/xlsx/pack';
import { apiContext, callApi } from '../helpers/api-harness';
import { testStaging } from '../helpers/staging';

const HEADER = ['Id', 'Item', 'Half', 'Mod', 'Group', 'Triple', 'Code', 'Seventh', 'Even', 'Tail'];
const row = (i: number) => [i, `Item ${i}`, i * 0.5, i % 100, `Group ${i % 10}`, i * 3, `x${i}`, i / 7, i % 2 === 0, `End ${i}`];

async function main(job: string, arg: string, out: string): Promise<void> {
  const dir = out ? dirname(out) : await mkdtemp(join(tmpdir(), 'bench-'));
  const ctx = apiContext(await testStaging([dir]));
  let t0 = performance.now();
  switch (job) {
    case 'xlsx.createWorkbook-default':
    case 'xlsx.createWorkbook-plain':
    case 'xlsx.createWorkbook-streaming': {
      // Rows are built before the clock starts (a program hands them over as data); the API call is timed.
      const rows = Array.from({ length: Number(arg) }, (_, i) => row(i + 1));
      t0 = performance.now();
      // default: the call a program makes (no streaming flag); plain forces the in-memory workbook.
      const mode = job.endsWith('default') ? {} : { streaming: job.endsWith('streaming') };
      await callApi(
        xlsxPack,
        'createWorkbook',
        { path: basename(out), ...mode, sheets: [{ name: 'Data', columns: HEADER.map((header) => ({ header, width: 12 })), rows }] },
        ctx,
      );
      await rename(ctx.staging.entries()[0]!.stagedPath!, out);
      break;
    }
    case 'exceljs-read-plain': {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(arg);
      if (wb.worksheets[0]!.rowCount < 2) throw new Error('empty');
      break;
    }
    case 'exceljs-read-streaming': {
      let n = 0;
      for await (const ws of new ExcelJS.stream.xlsx.WorkbookReader(arg, {
        sharedStrings: 'cache',
        styles: 'ignore',
        hyperlinks: 'ignore',
        worksheets: 'emit',
      })) {
        for await (const r of ws as unknown as AsyncIterable<ExcelJS.Row>) n += r.cellCount > 0 ? 1 : 0;
      }
      if (n < 2) throw new Error('empty');
      break;
    }
    case 'docx.createDocument': {
      const blocks = [];
      for (let t = 0; t < 50; t++) {
        blocks.push({ type: 'heading', text: `Section ${t + 1}`, level: 1 });
        for (let p = 0; p < 10; p++) blocks.push({ type: 'paragraph', text: `Paragraph ${t * 10 + p + 1}: the quick brown fox jumps over the lazy dog.` });
        blocks.push({ type: 'table', rows: Array.from({ length: 5 }, (_, r) => Array.from({ length: 4 }, (_, c) => `r${r}c${c}`)) });
      }
      t0 = performance.now();
      await callApi(docxPack, 'createDocument', { path: basename(out), blocks }, ctx);
      await rename(ctx.staging.entries()[0]!.stagedPath!, out);
      break;
    }
    case 'baseline':
      // The runtime floor: tsx, exceljs, docx and the packs loaded, nothing done.
      break;
    default:
      throw new Error(`unknown job ${job}`);
  }
  const ms = performance.now() - t0;
  process.stdout.write(`${JSON.stringify({ ms: Math.round(ms * 10) / 10, rss_mb: Math.round(process.resourceUsage().maxRSS / 102.4) / 10 })}\n`);
}

await main(process.argv[2]!, process.argv[3] ?? '', process.argv[4] ?? '');
