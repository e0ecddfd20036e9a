import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import type { EmbeddingProvider } from './embedder';
import { assembleFromCatalogFiles } from './onnx-model-folder';
import { errorMessage } from '../../shared/errors';

/** The model folder used when none is named (SWITCHBOARD_ONNX_MODEL). */
export const DEFAULT_ONNX_MODEL = 'all-MiniLM-L6-v2';

/** The model manager's catalogue entries for the default model (model/manager/catalog.ts). */
const CATALOG_IDS = { model: 'all-minilm-l6-v2', tokenizer: 'all-minilm-l6-v2-tokenizer' } as const;
/** The transformers.js layout of a model folder, besides the ONNX weights. */
const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;
/** Weights in the order they are preferred, with the transformers.js dtype that selects each. */
const WEIGHTS = [
  { file: join('onnx', 'model.onnx'), dtype: 'fp32' },
  { file: join('onnx', 'model_quantized.onnx'), dtype: 'q8' },
] as const;

export interface OnnxEmbedderOptions {
  modelsDir: string;
  /** Folder name under modelsDir (default all-MiniLM-L6-v2). */
  model?: string;
  /** Texts per forward pass. */
  batchSize?: number;
}

/** A model folder that cannot be used: missing, incomplete or unreadable by onnxruntime. */
export class OnnxModelError extends Error {
  override name = 'OnnxModelError';
}

// transformers.js keeps its settings in one global `env`: opens are serialised so that each reads
// its own models folder.
let opening: Promise<unknown> = Promise.resolve();

/**
 * A transformers.js sentence model (such as all-MiniLM-L6-v2) read from the models folder, never
 * from a remote hub (a folder is laid out from the model manager's catalogue files when only those
 * are there): feature extraction on onnxruntime-node (CPU), mean pooling over the attention
 * mask, unit length. The id names the model; the version carries a hash of its weights, so a
 * changed model file rebuilds the index.
 */
export class OnnxEmbedder implements EmbeddingProvider {
  readonly id: string;

  private constructor(
    model: string,
    readonly version: string,
    readonly dimension: number,
    private readonly extractor: FeatureExtractionPipeline,
    private readonly batchSize: number,
  ) {
    this.id = `onnx:${model}`;
  }

  static open(options: OnnxEmbedderOptions): Promise<OnnxEmbedder> {
    const next = opening.then(() => OnnxEmbedder.load(options));
    opening = next.catch(() => undefined);
    return next;
  }

  private static async load(options: OnnxEmbedderOptions): Promise<OnnxEmbedder> {
    const model = options.model ?? DEFAULT_ONNX_MODEL;
    const folder = join(options.modelsDir, model);
    await assembleFromCatalogFiles(options.modelsDir, model);
    const weights = await findWeights(folder);
    const hash = await sha256(join(folder, weights.file));

    const { env, pipeline } = await import('@huggingface/transformers');
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.useFSCache = false;
    env.localModelPath = options.modelsDir.endsWith('/') ? options.modelsDir : `${options.modelsDir}/`;
    let extractor: FeatureExtractionPipeline;
    try {
      extractor = await pipeline('feature-extraction', model, { dtype: weights.dtype, device: 'cpu', local_files_only: true });
    } catch (error) {
      throw new OnnxModelError(`cannot load the ONNX embedding model in ${folder}: ${errorMessage(error)}`);
    }
    const probe = new OnnxEmbedder(model, '', 0, extractor, options.batchSize ?? 32);
    const [vector] = await probe.embed(['dimension probe']);
    return new OnnxEmbedder(model, `${weights.dtype}-${hash.slice(0, 16)}`, vector!.length, extractor, options.batchSize ?? 32);
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      signal?.throwIfAborted();
      const batch = texts.slice(i, i + this.batchSize).map((t) => t.slice(0, 20_000));
      const tensor = await this.extractor(batch, { pooling: 'mean', normalize: true });
      const [rows, dims] = tensor.dims as [number, number];
      if (rows !== batch.length) throw new Error(`the ONNX model returned ${rows} vectors for ${batch.length} texts`);
      const data = tensor.data as Float32Array;
      for (let r = 0; r < rows; r++) out.push(Float32Array.from(data.subarray(r * dims, (r + 1) * dims)));
      tensor.dispose();
    }
    return out;
  }

  async dispose(): Promise<void> {
    await this.extractor.dispose();
  }
}

/** Checks the folder's files, naming the first one missing. */
async function findWeights(folder: string): Promise<(typeof WEIGHTS)[number]> {
  const layout = `a transformers.js model folder (${[...REQUIRED_FILES, WEIGHTS[0].file].join(', ')})`;
  if (!(await isFile(folder, true))) {
    const pull = `switchboard models pull ${CATALOG_IDS.model} and ${CATALOG_IDS.tokenizer}`;
    throw new OnnxModelError(
      `the ONNX embedding model folder ${folder} does not exist; put ${layout} there${folder.endsWith(DEFAULT_ONNX_MODEL) ? ` (or run ${pull})` : ''}`,
    );
  }
  for (const file of REQUIRED_FILES) {
    if (!(await isFile(join(folder, file))))
      throw new OnnxModelError(`the ONNX embedding model in ${folder} is incomplete: ${file} is missing (expected ${layout})`);
  }
  for (const weights of WEIGHTS) if (await isFile(join(folder, weights.file))) return weights;
  throw new OnnxModelError(`the ONNX embedding model in ${folder} is incomplete: ${WEIGHTS[0].file} is missing (or ${WEIGHTS[1].file})`);
}

async function isFile(path: string, directory = false): Promise<boolean> {
  try {
    const info = await stat(path);
    return directory ? info.isDirectory() : info.isFile() && info.size > 0;
  } catch {
    return false;
  }
}

function sha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
