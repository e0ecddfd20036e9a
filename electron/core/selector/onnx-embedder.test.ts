import { cp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/helpers/temp-home';
import { dot } from './embedder';
import { OnnxEmbedder, OnnxModelError } from './onnx-embedder';
import { openEmbedder } from './providers';

// A tiny BERT-shaped model with random weights (test/fixtures/onnx-embedder/make-model.py): real
// tokenizer, real onnxruntime-node session, real pooling; only the numbers are meaningless.
const FIXTURES = join(__dirname, '../../../test/fixtures/onnx-embedder');

const norm = (v: Float32Array): number => Math.sqrt(dot(v, v));

describe('OnnxEmbedder (transformers.js on onnxruntime-node)', () => {
  let embedder: OnnxEmbedder;
  beforeAll(async () => {
    embedder = await OnnxEmbedder.open({ modelsDir: FIXTURES, model: 'tiny-bert', batchSize: 2 });
  });
  afterAll(() => embedder.dispose());

  it('reads the model folder: id, dimension from the model, version from the weights', () => {
    expect(embedder.id).toBe('onnx:tiny-bert');
    expect(embedder.dimension).toBe(32);
    expect(embedder.version).toMatch(/^fp32-[0-9a-f]{16}$/);
  });

  it('embeds a batch into unit vectors; the same text gives the same vector, others differ', async () => {
    const texts = ['create a slide deck', 'send an email to the team', 'create a slide deck', 'sum the sales column', ''];
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(5);
    for (const v of vectors) {
      expect(v).toHaveLength(32);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    expect(Array.from(vectors[2]!)).toEqual(Array.from(vectors[0]!));
    expect(dot(vectors[0]!, vectors[1]!)).toBeLessThan(0.99);
    expect(dot(vectors[1]!, vectors[3]!)).toBeLessThan(0.99);
  });

  it('gives the same vectors in a padded batch as one by one', async () => {
    const texts = ['open the quarterly budget workbook', 'mail', 'insert a picture on the first slide of the presentation'];
    const batch = await embedder.embed(texts);
    for (let i = 0; i < texts.length; i++) {
      const [single] = await embedder.embed([texts[i]!]);
      for (let d = 0; d < 32; d++) expect(batch[i]![d]).toBeCloseTo(single![d]!, 5);
    }
  });

  it('opens through openEmbedder with kind onnx and SWITCHBOARD_ONNX_MODEL', async () => {
    const opened = await openEmbedder({ kind: 'onnx', modelsDir: FIXTURES, env: { SWITCHBOARD_ONNX_MODEL: 'tiny-bert' } });
    expect(opened).toMatchObject({ id: 'onnx:tiny-bert', dimension: 32, version: embedder.version });
    await opened.dispose?.();
  });
});

describe('OnnxEmbedder with a bad model folder', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempHome('switchboard-onnx-'));
  });
  afterAll(() => cleanup());

  const copy = async (name: string): Promise<string> => {
    await cp(join(FIXTURES, 'tiny-bert'), join(dir, name), { recursive: true });
    return join(dir, name);
  };

  it('names the missing folder, the missing file and the missing weights', async () => {
    await expect(OnnxEmbedder.open({ modelsDir: dir })).rejects.toThrow(/all-MiniLM-L6-v2 does not exist; put a transformers\.js model folder/);
    await rm(join(await copy('no-tokenizer'), 'tokenizer.json'));
    await expect(OnnxEmbedder.open({ modelsDir: dir, model: 'no-tokenizer' })).rejects.toThrow(/incomplete: tokenizer\.json is missing/);
    await rm(join(await copy('no-weights'), 'onnx', 'model.onnx'));
    await expect(OnnxEmbedder.open({ modelsDir: dir, model: 'no-weights' })).rejects.toThrow(OnnxModelError);
    await expect(OnnxEmbedder.open({ modelsDir: dir, model: 'no-weights' })).rejects.toThrow(/onnx\/model\.onnx is missing/);
  });

  it('reports a corrupt model file as a load error, and a changed model file changes the version', async () => {
    const folder = await copy('corrupt');
    await writeFile(join(folder, 'onnx', 'model.onnx'), Buffer.from('this is not an ONNX protobuf at all'.repeat(20)));
    await expect(OnnxEmbedder.open({ modelsDir: dir, model: 'corrupt' })).rejects.toThrow(/cannot load the ONNX embedding model in .*corrupt/);

    const original = await OnnxEmbedder.open({ modelsDir: FIXTURES, model: 'tiny-bert' });
    await cp(join(FIXTURES, 'tiny-bert', 'onnx', 'model.onnx'), join(folder, 'onnx', 'model.onnx'));
    const repaired = await OnnxEmbedder.open({ modelsDir: dir, model: 'corrupt' });
    expect(repaired.version).toBe(original.version);
    // Quantized weights are used when there is no fp32 file, and key the index differently.
    const quantized = await copy('quantized');
    await cp(join(quantized, 'onnx', 'model.onnx'), join(quantized, 'onnx', 'model_quantized.onnx'));
    await rm(join(quantized, 'onnx', 'model.onnx'));
    const q8 = await OnnxEmbedder.open({ modelsDir: dir, model: 'quantized' });
    expect(q8.version).toMatch(/^q8-/);
    expect(q8.version).not.toBe(original.version);
    await Promise.all([original.dispose(), repaired.dispose(), q8.dispose()]);
  });
});

describe('OnnxEmbedder from the model manager catalogue files', () => {
  it('lays out a model folder from <name>.quantized.onnx and <name>.tokenizer.json and loads it', async () => {
    const { dir, cleanup } = await tempHome('switchboard-onnx-catalog-');
    try {
      // The catalogue's file names for all-MiniLM-L6-v2, filled with the tiny model.
      await cp(join(FIXTURES, 'tiny-bert', 'onnx', 'model.onnx'), join(dir, 'all-MiniLM-L6-v2.quantized.onnx'));
      await expect(OnnxEmbedder.open({ modelsDir: dir })).rejects.toThrow(
        /does not exist.*switchboard models pull all-minilm-l6-v2 and all-minilm-l6-v2-tokenizer/,
      );
      await cp(join(FIXTURES, 'tiny-bert', 'tokenizer.json'), join(dir, 'all-MiniLM-L6-v2.tokenizer.json'));
      const embedder = await OnnxEmbedder.open({ modelsDir: dir });
      expect(embedder).toMatchObject({ id: 'onnx:all-MiniLM-L6-v2', dimension: 32 });
      expect(embedder.version).toMatch(/^q8-/);
      const reference = await OnnxEmbedder.open({ modelsDir: FIXTURES, model: 'tiny-bert' });
      const [a] = await embedder.embed(['send the weekly sales report']);
      const [b] = await reference.embed(['send the weekly sales report']);
      for (let d = 0; d < 32; d++) expect(a![d]).toBeCloseTo(b![d]!, 5);
      await Promise.all([embedder.dispose(), reference.dispose()]);
    } finally {
      await cleanup();
    }
  });
});
