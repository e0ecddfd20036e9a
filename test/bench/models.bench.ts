import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadLlamaTokenizer } from '../../electron/core/model/local/load-tokenizer';
import { LlamaProvider } from '../../electron/core/model/local/llama-provider';
import { ModelManager } from '../../electron/core/model/manager/model-manager';
import { OpenAiProvider } from '../../electron/core/model/openai/openai-provider';
import { createLogger } from '../../electron/core/log/logger';
import { startFileServer } from '../helpers/file-server';
import { startOpenAiServer } from '../helpers/openai-server';
import { sharedModel } from '../helpers/shared-models';
import { tempHome } from '../helpers/temp-home';
import { measure, percentile, round, type Figure } from './stats';

const ok = <T>(work: Promise<T>) => work.then(() => ({ ok: true }));

function summary(name: string, times: number[], extra?: Figure['extra']): Figure {
  const sorted = [...times].sort((a, b) => a - b);
  return { name, n: sorted.length, p50_ms: round(percentile(sorted, 50)), p95_ms: round(percentile(sorted, 95)), ...(extra ? { extra } : {}) };
}

/** The model layer: provider overhead on the scripted server, llama.cpp on the tiny model (2 threads), tokenizer, downloads. */
export async function benchModels(): Promise<Figure[]> {
  const { dir, cleanup } = await tempHome('switchboard-bench-models-');
  const server = await startOpenAiServer({ chat: () => ({ content: 'a b c d e f g h' }) });
  try {
    return [...(await benchOpenAiProvider(server.baseURL)), ...(await benchLocalModel()), await benchTokenizer(), await benchModelPull(dir)];
  } finally {
    await server.close();
    await cleanup();
  }
}

/** The OpenAI-compatible provider's own overhead against a loopback server that answers at once. */
async function benchOpenAiProvider(baseURL: string): Promise<Figure[]> {
  const figures: Figure[] = [];
  const openai = new OpenAiProvider({
    baseURL,
    models: { planner: 'm', embeddings: 'e' },
    capabilities: { vision: true, jsonSchema: true, embeddings: true, transcription: false },
    maxRetries: 0,
  });
  figures.push(await measure('openai provider chat, plain (loopback, scripted)', 300, () => ok(openai.chat({ messages: [{ role: 'user', content: 'hi' }] }))));
  figures.push(
    await measure('openai provider chat, streamed 8 chunks', 300, () =>
      ok(openai.chat({ messages: [{ role: 'user', content: 'hi' }], onToken: () => undefined })),
    ),
  );
  figures.push(await measure('openai provider embed 16 texts', 300, () => ok(openai.embed({ input: Array.from({ length: 16 }, (_, i) => `text ${i}`) }))));
  return figures;
}

/** llama.cpp on the tiny random model: load, plain replies with their token rate, grammar-constrained JSON. */
async function benchLocalModel(): Promise<Figure[]> {
  const figures: Figure[] = [];
  let t0 = performance.now();
  const local = await LlamaProvider.load({ modelPath: sharedModel('llama-2-tiny-random.gguf'), contextSize: 1024, threads: 2 });
  figures.push(summary('local: load llama-2-tiny-random.gguf (runtime + model + context)', [performance.now() - t0]));
  const tokenRates: number[] = [];
  const genTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    t0 = performance.now();
    const r = await local.chat({ messages: [{ role: 'user', content: `say something ${i}` }], maxTokens: 64, onToken: () => undefined });
    const ms = performance.now() - t0;
    genTimes.push(ms);
    tokenRates.push((r.usage.completionTokens / ms) * 1000);
  }
  figures.push(
    summary('local: 64-token reply (2 threads)', genTimes, {
      tokens_per_s_p50: round(
        percentile(
          [...tokenRates].sort((a, b) => a - b),
          50,
        ),
        1,
      ),
    }),
  );
  const schema = {
    type: 'object',
    properties: {
      steps: {
        type: 'array',
        maxItems: 3,
        items: {
          type: 'object',
          properties: { search: { type: 'string', maxLength: 24 }, modules: { type: 'array', maxItems: 2, items: { enum: ['pptx', 'xlsx', 'docx', 'fs'] } } },
          required: ['search', 'modules'],
        },
      },
    },
    required: ['steps'],
  };
  const jsonTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    await local.chat({ messages: [{ role: 'user', content: 'outline' }], jsonSchema: { name: 'outline', schema }, maxTokens: 300 });
    jsonTimes.push(performance.now() - t0);
  }
  figures.push(summary('local: JSON-schema outline (grammar) reply', jsonTimes));
  await local.dispose();
  return figures;
}

/** The phi-3 vocabulary's tokenizer counting the tokens of a long request. */
async function benchTokenizer(): Promise<Figure> {
  const tokenizer = await loadLlamaTokenizer(sharedModel('ggml-vocab-phi-3.gguf'));
  const text = 'Add a totals row to budget.xlsx and a chart slide to the deck. '.repeat(160);
  const figure = await measure(`phi-3 tokenizer: count tokens of ${text.length} chars`, 200, async () => ({ ok: tokenizer.countTokens(text) > 0 }));
  await tokenizer.dispose();
  return figure;
}

/** A model download from a local file server: fetch, sha256 check and placement, then removal. */
async function benchModelPull(dir: string): Promise<Figure> {
  const files = await startFileServer({ '/m.gguf': { file: sharedModel('llama-2-tiny-random.gguf') } });
  const catalogFile = join(dir, 'catalog.json');
  await writeFile(
    catalogFile,
    JSON.stringify([
      {
        id: 'm',
        kind: 'chat',
        label: 'm',
        file: 'm.gguf',
        url: files.url('/m.gguf'),
        size: 1_750_560,
        sha256: '81f226c62d28ed4a1a9b9fa080fcd9f0cc40e0f9d5680036583ff98fbcd035cb',
        license: 'MIT',
        description: 'bench',
      },
    ]),
  );
  const manager = new ModelManager({ modelsDir: join(dir, 'models'), catalogFile, logger: createLogger({ sinks: [] }) });
  const figure = await measure(
    'model pull 1.75 MB from 127.0.0.1 (download + sha256 + place)',
    30,
    async () => {
      await manager.pull('m');
      await manager.remove('m');
      return { ok: true };
    },
    3,
  );
  await files.close();
  return figure;
}
