import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import type { Worker } from 'tesseract.js';
import { rereadDoubtful } from './second-pass';

/** One recognised word: its text, tesseract's confidence (0..100) and its box in the input image's pixels. */
export interface OcrWord {
  text: string;
  confidence: number;
  box: { x: number; y: number; width: number; height: number };
}

export interface OcrResult {
  text: string;
  /** Mean confidence of the page (0..100). */
  confidence: number;
  words?: OcrWord[];
}

/** How long an idle worker lives before it is terminated (its memory is ~150 MB). */
let idleMs = 30_000;

/** Sets how long an idle worker lives (tests use a short time). */
export function setOcrIdleTime(ms: number): void {
  idleMs = ms;
}

let worker: Promise<Worker> | undefined;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let busy = 0;

/** The folder of the English data that ships in npm; OCR never fetches anything. */
export function englishDataPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

async function start(): Promise<Worker> {
  const { createWorker, OEM } = await import('tesseract.js');
  return createWorker('eng', OEM.LSTM_ONLY, {
    langPath: englishDataPath(),
    cacheMethod: 'none',
    gzip: true,
    logger: () => undefined,
    errorHandler: () => undefined,
  });
}

function armIdle(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => void disposeOcr(), idleMs);
  idleTimer.unref();
}

/**
 * Recognises the text of one image (PNG/JPEG/... bytes tesseract reads). One worker per process, started on
 * first use and reused; jobs queue in it. It is terminated after idleMs (30 s) without work, or by disposeOcr().
 * Doubtful words are read again on their own (second-pass.ts) unless `secondPass` is false.
 */
export async function recognize(image: Buffer, options: { words?: boolean; scale?: number; secondPass?: boolean } = {}): Promise<OcrResult> {
  const k = 1 / (options.scale ?? 1);
  busy++;
  if (idleTimer) clearTimeout(idleTimer);
  try {
    worker ??= start().catch((error: unknown) => {
      worker = undefined;
      throw error;
    });
    const w = await worker;
    const { data } = await w.recognize(image, {}, { text: true, blocks: true });
    if (options.secondPass !== false) await rereadDoubtful(w, image, data);
    const result: OcrResult = { text: data.text.replace(/[ \t]+\n/g, '\n').trim(), confidence: Math.round(data.confidence) };
    if (options.words) {
      result.words = (data.blocks ?? []).flatMap((b) =>
        b.paragraphs.flatMap((p) =>
          p.lines.flatMap((l) =>
            l.words.map((word) => ({
              text: word.text,
              confidence: Math.round(word.confidence),
              box: {
                x: Math.round(word.bbox.x0 * k),
                y: Math.round(word.bbox.y0 * k),
                width: Math.round((word.bbox.x1 - word.bbox.x0) * k),
                height: Math.round((word.bbox.y1 - word.bbox.y0) * k),
              },
            })),
          ),
        ),
      );
    }
    return result;
  } finally {
    busy--;
    if (busy === 0 && worker) armIdle();
  }
}

/** Terminates the worker (if any); the next recognize() starts a new one. */
export async function disposeOcr(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
  const current = worker;
  worker = undefined;
  if (current) await (await current.catch(() => undefined))?.terminate();
}

/** Whether a worker is alive (for tests of the lifecycle). */
export function ocrWorkerAlive(): boolean {
  return worker !== undefined;
}
