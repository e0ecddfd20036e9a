/** Turns texts into vectors. Every provider (offline word vectors, an HTTP endpoint, ONNX) fits this. */
export interface EmbeddingProvider {
  /** Stable name of the model; with {@link version} it keys the index, so a change rebuilds it. */
  readonly id: string;
  readonly version: string;
  readonly dimension: number;
  /**
   * One unit-length vector per text, in order. A text with nothing the model knows gives a zero
   * vector (the selector then relies on full-text search). Throws when the provider is unreachable.
   */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
  dispose?(): void | Promise<void>;
}

/** The cache key of a provider: the index is rebuilt when it changes. */
export function providerKey(provider: Pick<EmbeddingProvider, 'id' | 'version' | 'dimension'>): string {
  return `${provider.id}@${provider.version}/${provider.dimension}`;
}

export function normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return vector;
}

export function isZero(vector: Float32Array): boolean {
  return vector.every((x) => x === 0);
}

/** Embeds many texts in requests of `size` (a provider call per chunk), in order. */
export async function embedInBatches(provider: EmbeddingProvider, texts: readonly string[], signal?: AbortSignal, size = 256): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += size) out.push(...(await provider.embed(texts.slice(i, i + size), signal)));
  return out;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
