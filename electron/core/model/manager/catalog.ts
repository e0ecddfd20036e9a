import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseJsonOrUndefined } from '../../config/json-file';
import { ModelManagerError } from './errors';

const hex = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`), `${length} lowercase hex digits`);

/** One downloadable model file. */
export const catalogEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/),
    kind: z.enum(['chat', 'embedding', 'tokenizer', 'speech']),
    label: z.string().min(1).max(200),
    /** File name in the models folder. */
    file: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/, 'a plain file name'),
    url: z.url({ protocol: /^https?$/ }),
    /** Bytes; exact unless sizeApprox (then only the free-space check uses it). */
    size: z.number().int().positive(),
    sizeApprox: z.boolean().default(false),
    /** Published checksums. With neither, the download is recorded as unverified. */
    sha256: hex(64).optional(),
    sha1: hex(40).optional(),
    /** Where the checksum comes from, or why there is none. */
    checksumSource: z.string().max(300).optional(),
    license: z.string().max(100),
    description: z.string().max(500),
    /** Chat models: memory the model takes while it runs at contextSize (weights, KV cache, buffers), in bytes. */
    ramBytes: z.number().int().positive().optional(),
    /** Chat models: the context (tokens) it runs with unless the person sets one. */
    contextSize: z.number().int().min(256).max(131_072).optional(),
  })
  .strict();
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

export const catalogSchema = z.array(catalogEntrySchema).refine((list) => new Set(list.map((e) => e.id)).size === list.length, 'model ids must be unique');

/**
 * The recommended models. Checksums are given only where they are published and known; the two
 * without one are marked so (`switchboard models verify` then compares with the hash taken at download).
 */
export const DEFAULT_CATALOG: readonly CatalogEntry[] = [
  {
    id: 'qwen2.5-coder-3b-instruct-q4',
    kind: 'chat',
    label: 'Qwen2.5 Coder 3B Instruct (Q4_K_M GGUF): the recommended local planner (about 2 GB, needs about 3 GB of RAM)',
    file: 'qwen2.5-coder-3b-instruct-q4_k_m.gguf',
    url: 'https://huggingface.co/Qwen/Qwen2.5-Coder-3B-Instruct-GGUF/resolve/main/qwen2.5-coder-3b-instruct-q4_k_m.gguf',
    size: 2_100_000_000,
    sizeApprox: true,
    checksumSource: 'UNKNOWN: no sha256 known to this catalogue; the hash taken at download is recorded and verified later',
    license: 'Qwen Research License (non-commercial use)',
    description:
      'Writes the planner’s programs on the CPU; run with a 16,384-token context (the program prompt needs about 12k). Chosen when the machine has about 6 GB of memory or more.',
    // 2.0 GB weights + 0.6 GB KV cache at 16k (36 layers × 2 KV heads × 128 × f16) + compute buffers.
    ramBytes: 3_200_000_000,
    contextSize: 16_384,
  },
  {
    id: 'qwen2.5-0.5b-instruct-q4',
    kind: 'chat',
    label: 'Qwen2.5 0.5B Instruct (Q4_K_M GGUF): the small fallback (about 0.5 GB, needs about 1.1 GB of RAM)',
    file: 'qwen2.5-0.5b-instruct-q4_k_m.gguf',
    url: 'https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf',
    size: 491_400_032,
    sizeApprox: true,
    checksumSource: 'UNKNOWN: no sha256 known to this catalogue; the hash taken at download is recorded and verified later',
    license: 'Apache-2.0',
    description: 'Small instruction model for machines with little memory: outlines and very short programs only (JSON output through a grammar).',
    // 0.5 GB weights + 0.2 GB KV cache at 16k (24 layers × 2 KV heads × 64 × f16) + compute buffers.
    ramBytes: 1_100_000_000,
    contextSize: 16_384,
  },
  {
    id: 'all-minilm-l6-v2',
    kind: 'embedding',
    label: 'all-MiniLM-L6-v2 (ONNX, int8): sentence embeddings for the API selector',
    file: 'all-MiniLM-L6-v2.quantized.onnx',
    url: 'https://huggingface.co/Xenova/all-MiniLM-L6-v2/resolve/main/onnx/model_quantized.onnx',
    size: 23_000_000,
    sizeApprox: true,
    checksumSource: 'UNKNOWN: no sha256 known to this catalogue; the hash taken at download is recorded and verified later',
    license: 'Apache-2.0',
    description: '384-dimension sentence embeddings; needs all-minilm-l6-v2-tokenizer beside it.',
  },
  {
    id: 'all-minilm-l6-v2-tokenizer',
    kind: 'tokenizer',
    label: 'all-MiniLM-L6-v2 tokenizer.json',
    file: 'all-MiniLM-L6-v2.tokenizer.json',
    url: 'https://huggingface.co/Xenova/all-MiniLM-L6-v2/resolve/main/tokenizer.json',
    size: 712_000,
    sizeApprox: true,
    checksumSource: 'UNKNOWN: no sha256 known to this catalogue',
    license: 'Apache-2.0',
    description: 'The WordPiece tokenizer of all-minilm-l6-v2.',
  },
  {
    id: 'whisper-base.en',
    kind: 'speech',
    label: 'Whisper base.en (ggml): push-to-talk transcription with whisper.cpp',
    file: 'ggml-base.en.bin',
    url: 'https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-base.en.bin',
    size: 147_964_211,
    sizeApprox: true,
    sha1: '137c40403d78fd54d454da0f9bd998f78703390c',
    checksumSource: 'SHA-1 published in whisper.cpp models/README.md (no sha256 published)',
    license: 'MIT',
    description: 'English speech recognition, about 142 MiB.',
  },
];

/** Reads a catalogue file (the --catalog option or SWITCHBOARD_MODEL_CATALOG), validated. */
export async function loadCatalog(file: string): Promise<CatalogEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ModelManagerError('BAD_CATALOG', `cannot read the model catalogue ${file}: ${(error as Error).message}`);
  }
  const parsed = catalogSchema.safeParse(parseJsonOrUndefined(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ModelManagerError('BAD_CATALOG', `the model catalogue ${file} is invalid: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'not JSON'}`);
  }
  return parsed.data;
}
