import { open as openFile } from 'node:fs/promises';
import { join } from 'node:path';
import { normalize, type EmbeddingProvider } from './embedder';
import {
  buildCacheInWorker,
  decodeCache,
  GLOVE_CACHE_FILE,
  GLOVE_CACHE_VERSION,
  gloveSourcePath,
  loadGloveCache,
  readGloveCache,
  type WordVectors,
} from './glove-cache';
import { writeFileAtomic } from '../config/atomic-write';
import { tokenize } from './tokenize';

export interface GloveOpenOptions {
  sifA?: number;
  onBuild?: (reason: string) => void;
  source?: string;
  /**
   * When the cache must be built: `true` returns at once with an embedder whose `embed` rejects until
   * the build (in a worker thread) is done, so callers fall back to full-text meanwhile; `false` waits.
   */
  background?: boolean;
  /** The worker file (tests; default glove-worker.mjs beside glove-cache). */
  workerFile?: string;
}

/**
 * The offline default: GloVe 100-d word vectors averaged with SIF weights a / (a + p(w))
 * (Arora et al. 2017, without the common-component removal, which would tie vectors to one corpus).
 * The package has no word counts, so p(w) is a Zipf estimate from the frequency rank:
 * p(rank r) = 1 / ((r + 1) · H(N)), with H(N) the harmonic number of the vocabulary size.
 */
export class GloveEmbedder implements EmbeddingProvider {
  readonly id = 'glove-sg-100d-sif';
  readonly version = `${GLOVE_CACHE_VERSION}.1`;
  /** Settles when the word vectors are loaded (at once unless a background build runs). */
  readonly ready: Promise<void>;
  private wv: WordVectors | undefined;
  private weights = new Float32Array(0);
  private failure: Error | undefined;

  private constructor(
    readonly dimension: number,
    loading: Promise<WordVectors> | WordVectors,
    private readonly sifA: number,
    private readonly cancelBuild?: AbortController,
  ) {
    if (loading instanceof Promise) {
      this.ready = loading
        .then((wv) => this.load(wv))
        .catch((error: unknown) => {
          this.failure = error instanceof Error ? error : new Error(String(error));
          throw this.failure;
        });
      this.ready.catch(() => undefined); // Reported through embed(); an unobserved rejection is not a crash.
    } else {
      this.load(loading);
      this.ready = Promise.resolve();
    }
  }

  /** Opens the word vectors from the models folder (building the compact cache once if needed). */
  static async open(modelsDir: string, options: GloveOpenOptions = {}): Promise<GloveEmbedder> {
    const file = join(modelsDir, GLOVE_CACHE_FILE);
    const sifA = options.sifA ?? 1e-3;
    if (!options.background) {
      const wv = await loadGloveCache(file, options);
      return new GloveEmbedder(wv.dims, wv, sifA);
    }
    const found = await readGloveCache(file);
    if ('wv' in found) return new GloveEmbedder(found.wv.dims, found.wv, sifA);
    const source = options.source ?? gloveSourcePath();
    const dims = await sourceDimensions(source);
    options.onBuild?.(found.reason);
    const cancel = new AbortController();
    const building = buildCacheInWorker(source, options.workerFile, cancel.signal).then(async (cache) => {
      await writeFileAtomic(file, cache, 0o644);
      return decodeCache(cache);
    });
    return new GloveEmbedder(dims, building, sifA, cancel);
  }

  /**
   * Waits for a background build still running to finish and write its cache: a first turn that ends
   * before the build must not leave every later start to build it again.
   */
  async dispose(): Promise<void> {
    await this.ready.catch(() => undefined);
  }

  /** Stops a background build still running (nothing is written). */
  cancel(): void {
    this.cancelBuild?.abort();
  }

  /** Whether the word vectors are loaded (false while a background build runs or after it failed). */
  get loaded(): boolean {
    return this.wv !== undefined;
  }

  /** Words of a text that have a vector (for tests and "why"). */
  known(text: string): string[] {
    const wv = this.vectors();
    return tokenize(text).filter((w) => wv.words.has(w));
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.vectors();
    return texts.map((t) => this.embedOne(t));
  }

  embedOne(text: string): Float32Array {
    const { dims, words, scales, vectors } = this.vectors();
    const out = new Float32Array(dims);
    for (const word of tokenize(text)) {
      const slot = words.slot(word);
      if (slot < 0) continue;
      const w = this.weights[slot]! * scales[slot]!;
      const base = slot * dims;
      for (let d = 0; d < dims; d++) out[d]! += w * vectors[base + d]!;
    }
    return normalize(out);
  }

  private vectors(): WordVectors {
    if (this.wv) return this.wv;
    if (this.failure) throw new Error(`the word vectors could not be prepared: ${this.failure.message}`);
    throw new Error('the word vectors are being prepared (once, in the background)');
  }

  private load(wv: WordVectors): void {
    if (wv.dims !== this.dimension) throw new Error(`word vectors have ${wv.dims} dimensions, expected ${this.dimension}`);
    const n = wv.words.size;
    const harmonic = Math.log(n) + 0.5772156649 + 1 / (2 * n);
    const weights = new Float32Array(n);
    for (let r = 0; r < n; r++) weights[r] = this.sifA / (this.sifA + 1 / ((r + 1) * harmonic));
    this.weights = weights;
    this.wv = wv;
  }
}

/** The vector size declared at the head of the package JSON (read without parsing the rest). */
async function sourceDimensions(source: string): Promise<number> {
  const handle = await openFile(source, 'r');
  try {
    const head = Buffer.alloc(400);
    const { bytesRead } = await handle.read(head, 0, 400, 0);
    const dims = Number(/"dimensions":(\d+)/.exec(head.toString('utf8', 0, bytesRead))?.[1]);
    if (!(dims > 0)) throw new Error('not a wink embeddings file: no dimensions');
    return dims;
  } finally {
    await handle.close();
  }
}
