import type { EmbeddingProvider } from './embedder';

/**
 * Stands in for a provider that could not open (an ONNX model folder missing, a package not
 * installed): every embed fails with the reason, so the selector serves full-text search and raises
 * EMBEDDER_UNAVAILABLE warnings. Its own id keys the index, so the real provider rebuilds it later.
 */
export class UnavailableEmbedder implements EmbeddingProvider {
  readonly id: string;
  readonly version = '1';
  readonly dimension = 4;

  constructor(
    kind: string,
    readonly reason: string,
  ) {
    this.id = `unavailable:${kind}`;
  }

  embed(): Promise<Float32Array[]> {
    return Promise.reject(new Error(this.reason));
  }
}
