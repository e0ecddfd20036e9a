import type * as OpenAiModule from 'openai';
import { normalize, type EmbeddingProvider } from './embedder';
import { lazyModule } from '../../../apis/sdk/lazy-module';

// The client library loads with the first embedder, not when the core starts.
const OpenAI = lazyModule<typeof OpenAiModule.default>('openai', (m) => m.default);
type OpenAI = OpenAiModule.default;

export interface OpenAiEmbedderOptions {
  /** An OpenAI-compatible base URL (OpenAI, Azure, Ollama `http://127.0.0.1:11434/v1`, vLLM, LM Studio). */
  baseURL?: string;
  apiKey?: string;
  model: string;
  /** The model's vector size; when omitted it is learned from one probe request at open(). */
  dimension?: number;
  timeoutMs?: number;
  /** Texts per request. */
  batchSize?: number;
}

/** Embeddings from any OpenAI-compatible `/embeddings` endpoint, through the `openai` package. */
export class OpenAiEmbedder implements EmbeddingProvider {
  readonly id: string;
  readonly version = '1';
  private readonly client: OpenAI;

  private constructor(
    private readonly options: OpenAiEmbedderOptions,
    readonly dimension: number,
    client: OpenAI,
  ) {
    this.client = client;
    this.id = `openai:${options.model}`;
  }

  static async open(options: OpenAiEmbedderOptions): Promise<OpenAiEmbedder> {
    const client = new OpenAI({ baseURL: options.baseURL, apiKey: options.apiKey ?? 'none', timeout: options.timeoutMs ?? 30_000, maxRetries: 1 });
    const probe = new OpenAiEmbedder(options, options.dimension ?? 0, client);
    if (options.dimension) return probe;
    const [vector] = await probe.embed(['dimension probe']);
    return new OpenAiEmbedder(options, vector!.length, client);
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    const size = this.options.batchSize ?? 128;
    for (let i = 0; i < texts.length; i += size) {
      // Endpoints reject empty strings; a single space embeds as "nothing".
      const input = texts.slice(i, i + size).map((t) => (t.trim() === '' ? ' ' : t.slice(0, 8000)));
      const response = await this.client.embeddings.create({ model: this.options.model, input, encoding_format: 'float' }, { signal });
      const rows = [...response.data].sort((a, b) => a.index - b.index);
      if (rows.length !== input.length) throw new Error(`the embeddings endpoint returned ${rows.length} vectors for ${input.length} texts`);
      for (const row of rows) {
        const vector = Float32Array.from(row.embedding);
        if (this.dimension && vector.length !== this.dimension)
          throw new Error(`the embeddings endpoint returned ${vector.length} dimensions, expected ${this.dimension}`);
        out.push(normalize(vector));
      }
    }
    return out;
  }
}
