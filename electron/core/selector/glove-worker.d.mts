/** Types of glove-worker.mjs (plain JavaScript so it runs as a worker thread without a loader). */
export interface ConvertedWordVectors {
  dims: number;
  words: string[];
  index: Map<string, number>;
  scales: Float32Array;
  vectors: Int8Array;
}
export declare function convertGloveJson(source: string): Promise<ConvertedWordVectors>;
export declare function encodeCache(wv: Omit<ConvertedWordVectors, 'index'>): Buffer;
