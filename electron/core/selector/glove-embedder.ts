import { join } from 'node:path';
import { normalize, type EmbeddingProvider } from './embedder';
import { GLOVE_CACHE_FILE, GLOVE_CACHE_VERSION, loadGloveCache, type WordVectors } from './glove-cache';
import { tokenize } from './tokenize';

/**
 * The offline default: GloVe 100-d word vectors averaged with SIF weights a / (a + p(w))
 * (Arora et al. 2017, without the common-component removal, which would tie vectors to one corpus).
 * The package has no word counts, so p(w) is a Zipf estimate from the frequency rank:
 * p(rank r) = 1 / ((r + 1) · H(N)), with H(N) the harmonic number of the vocabulary size.
 */
export class GloveEmbedder implements EmbeddingProvider {
  readonly id = 'glove-sg-100d-sif';
  readonly version = `${GLOVE_CACHE_VERSION}.1`;
  readonly dimension: number;
  private readonly weights: Float32Array;

  private constructor(
    private readonly wv: WordVectors,
    sifA: number,
  ) {
    this.dimension = wv.dims;
    const n = wv.words.length;
    const harmonic = Math.log(n) + 0.5772156649 + 1 / (2 * n);
    this.weights = new Float32Array(n);
    for (let r = 0; r < n; r++) {
      const p = 1 / ((r + 1) * harmonic);
      this.weights[r] = sifA / (sifA + p);
    }
  }

  /** Opens the word vectors from the models folder (building the compact cache once if needed). */
  static async open(modelsDir: string, options: { sifA?: number; onBuild?: (reason: string) => void; source?: string } = {}): Promise<GloveEmbedder> {
    const wv = await loadGloveCache(join(modelsDir, GLOVE_CACHE_FILE), options);
    return new GloveEmbedder(wv, options.sifA ?? 1e-3);
  }

  /** Words of a text that have a vector (for tests and "why"). */
  known(text: string): string[] {
    return tokenize(text).filter((w) => this.wv.index.has(w));
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embedOne(t));
  }

  embedOne(text: string): Float32Array {
    const { dims, index, scales, vectors } = this.wv;
    const out = new Float32Array(dims);
    for (const word of tokenize(text)) {
      const slot = index.get(word);
      if (slot === undefined) continue;
      const w = this.weights[slot]! * scales[slot]!;
      const base = slot * dims;
      for (let d = 0; d < dims; d++) out[d]! += w * vectors[base + d]!;
    }
    return normalize(out);
  }
}
