/**
 * OCR accuracy, time and memory on OfficeBench images that carry text: words recovered against the text a
 * person reads off each image (test/fixtures/ocr/officebench-ground-truth.json), for image.readText and,
 * for comparison, the same page read once without re-reading doubtful lines, and the Debian tesseract CLI.
 * Run: npx tsx test/bench/ocr.bench.ts
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { imagePack } from '../../apis/image/pack';
import sharp from 'sharp';
import { disposeOcr, recognize } from '../../apis/ocr/engine';
import { prepareForOcr } from '../../apis/ocr/prepare';
import { apiContext, callApi } from '../helpers/api-harness';
import { OFFICEBENCH } from '../helpers/bench-office';
import { testStaging } from '../helpers/staging';

const run = promisify(execFile);
const truth = JSON.parse(readFileSync(new URL('../fixtures/ocr/officebench-ground-truth.json', import.meta.url), 'utf8')) as {
  images: { path: string; text: string }[];
};
const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}@.$\s-]+/gu, ' ')
    .replace(/(?<=\S)[.,:]+(?=\s|$)/g, '')
    .split(/\s+/)
    .filter(Boolean);

/** Share of the ground truth's words (with repeats) that the OCR output holds. */
export function recovered(expected: string, got: string): { found: number; total: number } {
  const pool = new Map<string, number>();
  for (const w of words(got)) pool.set(w, (pool.get(w) ?? 0) + 1);
  let found = 0;
  const all = words(expected);
  for (const w of all) {
    const n = pool.get(w) ?? 0;
    if (n > 0) {
      found++;
      pool.set(w, n - 1);
    }
  }
  return { found, total: all.length };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const rows: { image: string; pixels: string; ours: string; firstPass: string; cli: string; ms: number; firstPassMs: number; rssMb: number }[] = [];
  let [ourFound, firstFound, cliFound, total] = [0, 0, 0, 0];
  const times: number[] = [];
  const firstTimes: number[] = [];
  let peak = 0;
  const t0 = performance.now();
  for (const [i, image] of truth.images.entries()) {
    const file = join(OFFICEBENCH, image.path);
    const ctx = apiContext(await testStaging([dirname(file)]));
    const start = performance.now();
    const got = (await callApi(imagePack, 'readText', { path: file }, ctx)) as { text: string };
    const ms = performance.now() - start;
    const rss = process.memoryUsage().rss / 1024 / 1024;
    peak = Math.max(peak, rss);
    // The same page read once, without re-reading doubtful lines (second-pass.ts), in the same conditions.
    const prepared = await prepareForOcr(sharp(file), (await sharp(file).metadata()).width ?? 1);
    const firstStart = performance.now();
    const first = await recognize(prepared.png, { secondPass: false });
    const firstMs = performance.now() - firstStart;
    if (i > 0) [times, firstTimes].forEach((list, k) => list.push(k === 0 ? ms : firstMs));
    const { stdout } = await run('tesseract', [file, '-', '-l', 'eng'], { timeout: 120_000 });
    const ours = recovered(image.text, got.text);
    const once = recovered(image.text, first.text);
    const cli = recovered(image.text, stdout);
    const meta = (await callApi(imagePack, 'info', { path: file }, ctx)) as { width: number; height: number };
    [ourFound, firstFound, cliFound, total] = [ourFound + ours.found, firstFound + once.found, cliFound + cli.found, total + ours.total];
    rows.push({
      image: image.path.split('/').pop()!,
      pixels: `${meta.width}×${meta.height}`,
      ours: `${ours.found}/${ours.total}`,
      firstPass: `${once.found}/${once.total}`,
      cli: `${cli.found}/${cli.total}`,
      ms: Math.round(ms),
      firstPassMs: Math.round(firstMs),
      rssMb: Math.round(rss),
    });
    await rm(ctx.staging.dir, { recursive: true, force: true });
  }
  const wall = performance.now() - t0;
  await disposeOcr();
  console.table(rows);
  const figures = {
    images: truth.images.length,
    wordsRecovered: Number((ourFound / total).toFixed(3)),
    firstPassWordsRecovered: Number((firstFound / total).toFixed(3)),
    tesseractCliWordsRecovered: Number((cliFound / total).toFixed(3)),
    firstPageMs: rows[0]!.ms,
    medianPageMs: Math.round(median(times)),
    firstPassMedianPageMs: Math.round(median(firstTimes)),
    maxPageMs: Math.round(Math.max(...times)),
    peakRssMb: Math.round(peak),
    wallS: Number((wall / 1000).toFixed(1)),
  };
  console.log(JSON.stringify(figures));
}

if (process.argv[1]?.endsWith('ocr.bench.ts')) {
  const dir = await mkdtemp(join(tmpdir(), 'ocr-bench-'));
  await main().finally(() => rm(dir, { recursive: true, force: true }));
}
