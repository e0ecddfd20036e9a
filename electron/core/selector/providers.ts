import { GloveEmbedder } from './glove-embedder';
import type { EmbeddingProvider } from './embedder';
import { OnnxEmbedder } from './onnx-embedder';
import { OpenAiEmbedder } from './openai-embedder';

export type EmbedderKind = 'glove' | 'openai' | 'onnx';

export interface EmbedderConfig {
  kind: EmbedderKind;
  modelsDir: string;
  env?: NodeJS.ProcessEnv;
  onBuild?: (reason: string) => void;
  /** glove: build a missing word-vector cache in the background (embed rejects until it is ready). */
  background?: boolean;
}

/**
 * Opens an embedding provider. `glove` is offline (the default); `openai` reads
 * SWITCHBOARD_EMBEDDINGS_URL (or OPENAI_BASE_URL), OPENAI_API_KEY and SWITCHBOARD_EMBEDDINGS_MODEL;
 * `onnx` is a transformers.js sentence model in <modelsDir>/<SWITCHBOARD_ONNX_MODEL, default
 * all-MiniLM-L6-v2>, never fetched from a hub.
 */
export async function openEmbedder(config: EmbedderConfig): Promise<EmbeddingProvider> {
  const env = config.env ?? process.env;
  switch (config.kind) {
    case 'glove':
      return GloveEmbedder.open(config.modelsDir, { onBuild: config.onBuild, background: config.background });
    case 'openai':
      return OpenAiEmbedder.open({
        baseURL: env.SWITCHBOARD_EMBEDDINGS_URL || env.OPENAI_BASE_URL || undefined,
        apiKey: env.OPENAI_API_KEY,
        model: env.SWITCHBOARD_EMBEDDINGS_MODEL || 'text-embedding-3-small',
      });
    case 'onnx':
      return OnnxEmbedder.open({ modelsDir: config.modelsDir, model: env.SWITCHBOARD_ONNX_MODEL || undefined });
  }
}
