import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Figure } from './stats';

const PYTHON = '/usr/bin/python3';
const here = fileURLToPath(new URL('.', import.meta.url));
const ROWS = Number(process.env.OFFICE_BENCH_ROWS ?? 100_000);
const REPS = Number(process.env.OFFICE_BENCH_REPS ?? 1);

interface Sample {
  ms: number;
  rss_mb: number;
}

/** Runs one job in a fresh child process and returns its own measurement (time inside the job, peak RSS). */
function child(command: string, args: string[]): Promise<Sample> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 1024 * 1024, timeout: 600_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${args.join(' ')} failed: ${stderr || error.message}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop()!) as Sample);
    });
  });
}

const node = (job: string, arg: string, out = '') => child(process.execPath, ['--import', 'tsx', join(here, 'office-worker.ts'), job, arg, out]);
const python = (job: string, arg: string, out = '') => child(PYTHON, [join(here, 'office_bench.py'), job, arg, out]);

async function median(run: () => Promise<Sample>): Promise<Sample> {
  const samples: Sample[] = [];
  for (let i = 0; i < REPS; i++) samples.push(await run());
  samples.sort((a, b) => a.ms - b.ms);
  return samples[Math.floor(samples.length / 2)]!;
}

/**
 * xlsx and docx side by side with Debian's Python libraries in the same run: 100k rows × 10 columns
 * written plain and streaming and read back, 500 paragraphs + 50 tables. Each case in its own process.
 */
export async function benchOfficeXlsxDocx(): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'office-bench-'));
  const figures: Figure[] = [];
  const add = async (group: string, name: string, sample: Sample, file?: string) => {
    figures.push({
      name: `${group}: ${name}`,
      n: REPS,
      p50_ms: sample.ms,
      p95_ms: sample.ms,
      extra: { rss_mb: sample.rss_mb, ...(file ? { file_mb: Math.round((await stat(file)).size / 1e5) / 10 } : {}) },
    });
  };
  try {
    await add('runtime floor', 'node + tsx + exceljs + docx + packs loaded, no work', await median(() => node('baseline', '')));
    await add('runtime floor', 'python3 + openpyxl + python-docx + xlsxwriter imported, no work', await median(() => python('baseline', '')));
    const write = `write ${ROWS / 1000}k×10`;
    const w = {
      'xlsx.createWorkbook plain call (no streaming flag: the streaming writer)': await median(() =>
        node('xlsx.createWorkbook-default', String(ROWS), join(dir, 'default.xlsx')),
      ),
      'xlsx.createWorkbook streaming (exceljs WorkbookWriter)': await median(() =>
        node('xlsx.createWorkbook-streaming', String(ROWS), join(dir, 'stream.xlsx')),
      ),
      'xlsx.createWorkbook streaming: false (in-memory exceljs Workbook)': await median(() =>
        node('xlsx.createWorkbook-plain', String(ROWS), join(dir, 'plain.xlsx')),
      ),
      'openpyxl write-only': await median(() => python('openpyxl-write-only', String(ROWS), join(dir, 'openpyxl.xlsx'))),
      xlsxwriter: await median(() => python('xlsxwriter', String(ROWS), join(dir, 'xlsxwriter.xlsx'))),
    };
    const files: Record<string, string> = {
      'xlsx.createWorkbook plain call (no streaming flag: the streaming writer)': 'default.xlsx',
      'xlsx.createWorkbook streaming (exceljs WorkbookWriter)': 'stream.xlsx',
      'xlsx.createWorkbook streaming: false (in-memory exceljs Workbook)': 'plain.xlsx',
      'openpyxl write-only': 'openpyxl.xlsx',
      xlsxwriter: 'xlsxwriter.xlsx',
    };
    const fastestWrite = Math.min(w['openpyxl write-only'].ms, w.xlsxwriter.ms);
    for (const [name, s] of Object.entries(w)) {
      await add(write, name, s, join(dir, files[name]!));
      figures.at(-1)!.extra!.ratio_to_fastest_python = Math.round((s.ms / fastestWrite) * 100) / 100;
    }
    const source = join(dir, 'xlsxwriter.xlsx');
    const read = `read back ${ROWS / 1000}k×10 (xlsxwriter's file)`;
    const r = {
      'exceljs streaming WorkbookReader (readAttachment, readRange on large files)': await median(() => node('exceljs-read-streaming', source)),
      'exceljs plain Workbook.readFile (edit APIs)': await median(() => node('exceljs-read-plain', source)),
      'openpyxl read-only': await median(() => python('openpyxl-read-only', source)),
    };
    for (const [name, s] of Object.entries(r)) {
      await add(read, name, s);
      figures.at(-1)!.extra!.ratio_to_fastest_python = Math.round((s.ms / r['openpyxl read-only'].ms) * 100) / 100;
    }
    const docs = 'docx 500 paragraphs + 50 tables';
    const d = {
      'docx.createDocument (docx library)': await median(() => node('docx.createDocument', '', join(dir, 'ours.docx'))),
      'python-docx': await median(() => python('python-docx', '', join(dir, 'python.docx'))),
    };
    for (const [name, s] of Object.entries(d)) {
      await add(docs, name, s);
      figures.at(-1)!.extra!.ratio_to_fastest_python = Math.round((s.ms / d['python-docx'].ms) * 100) / 100;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return figures;
}
