import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveSharedModels, sharedModel } from '../../../../test/helpers/shared-models';
import { isModelError } from '../provider';
import type { LlamaTokenizer } from './chat-template';
import { LlamaProvider } from './llama-provider';
import { loadLlamaTokenizer } from './load-tokenizer';

const ready = haveSharedModels(['llama-2-tiny-random.gguf', 'ggml-vocab-phi-3.gguf']);

// An outline-shaped schema with bounded strings and lists, as the planner's schemas are.
const outlineSchema = {
  type: 'object',
  properties: {
    steps: {
      type: 'array',
      minItems: 1,
      maxItems: 3,
      items: {
        type: 'object',
        properties: { search: { type: 'string', maxLength: 24 }, modules: { type: 'array', maxItems: 2, items: { enum: ['pptx', 'xlsx', 'docx', 'fs'] } } },
        required: ['search', 'modules'],
        additionalProperties: false,
      },
    },
  },
  required: ['steps'],
  additionalProperties: false,
};

describe.runIf(ready)('LlamaProvider (llama-2-tiny-random.gguf: real llama.cpp, random weights)', () => {
  let provider: LlamaProvider;
  beforeAll(async () => {
    provider = await LlamaProvider.load({ modelPath: sharedModel('llama-2-tiny-random.gguf'), contextSize: 512, threads: 2 });
  }, 60_000);
  afterAll(() => provider?.dispose());

  it('streams a reply whose JSON validates against the schema (the grammar constrains the gibberish)', async () => {
    const tokens: string[] = [];
    const result = await provider.chat({
      messages: [
        { role: 'system', content: 'You outline office tasks.' },
        { role: 'user', content: 'Make a 5-slide deck from sales.xlsx' },
      ],
      jsonSchema: { name: 'outline', schema: outlineSchema },
      maxTokens: 300,
      onToken: (t) => tokens.push(t),
    });
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.join('')).toBe(result.text);
    const validate = new Ajv().compile(outlineSchema);
    expect(validate(JSON.parse(result.text)), JSON.stringify(validate.errors)).toBe(true);
    expect(result.json).toEqual(JSON.parse(result.text));
    expect(result.usage.promptTokens).toBeGreaterThan(5);
    expect(result.usage.completionTokens).toBeGreaterThan(1);
  });

  it('stops at maxTokens and says so', async () => {
    const result = await provider.chat({ messages: [{ role: 'user', content: 'talk' }], maxTokens: 5 });
    expect(result.finishReason).toBe('length');
    expect(result.usage.completionTokens).toBeLessThanOrEqual(6);
  });

  it('refuses a prompt that cannot fit the context, and images', async () => {
    const long = 'word '.repeat(2000);
    await expect(provider.chat({ messages: [{ role: 'user', content: long }], maxTokens: 10 })).rejects.toMatchObject({ code: 'CONTEXT_OVERFLOW' });
    await expect(provider.chat({ messages: [{ role: 'user', content: [{ type: 'image', url: 'data:image/png;base64,AA==' }] }] })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
    });
  });

  it('cancels generation through the AbortSignal', async () => {
    const controller = new AbortController();
    let seen = 0;
    const call = provider.chat({
      messages: [{ role: 'user', content: 'go on' }],
      maxTokens: 400,
      signal: controller.signal,
      onToken: () => {
        if (++seen === 3) controller.abort();
      },
    });
    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isModelError(error) && error.code).toBe('CANCELLED');
    // The provider is still usable afterwards.
    expect((await provider.chat({ messages: [{ role: 'user', content: 'x' }], maxTokens: 3 })).text.length).toBeGreaterThan(0);
  });

  it('says clearly when the model file is missing', async () => {
    await expect(LlamaProvider.load({ modelPath: '/nonexistent/model.gguf' })).rejects.toMatchObject({ code: 'NOT_CONFIGURED' });
  });
});

describe.runIf(ready)('LlamaTokenizer (ggml-vocab-phi-3.gguf, vocabulary only)', () => {
  let tokenizer: LlamaTokenizer;
  beforeAll(async () => {
    tokenizer = await loadLlamaTokenizer(sharedModel('ggml-vocab-phi-3.gguf'));
  }, 60_000);
  afterAll(() => tokenizer?.dispose());

  it('counts tokens with the model’s own vocabulary', () => {
    expect(tokenizer.countTokens('')).toBe(0);
    const short = tokenizer.countTokens('Hello world');
    expect(short).toBeGreaterThanOrEqual(2);
    expect(short).toBeLessThanOrEqual(3);
    // Longer text, more tokens, and far fewer tokens than characters.
    const text = 'Add a totals row to budget.xlsx and a chart slide to the deck. '.repeat(10);
    const n = tokenizer.countTokens(text);
    expect(n).toBeGreaterThan(100);
    expect(n).toBeLessThan(text.length / 2);
  });

  it('applies the file’s own chat template (phi-3 <|user|> … <|end|> <|assistant|>)', () => {
    expect(tokenizer.templateName).toBe('JinjaTemplate');
    const rendered = tokenizer.renderChat([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello there' },
      { role: 'assistant', content: 'Hi!' },
      { role: 'user', content: 'Make slides' },
    ]);
    expect(rendered.text).toContain('<|user|>');
    expect(rendered.text).toContain('<|end|>');
    expect(rendered.text).toContain('<|assistant|>\nHi!');
    expect(rendered.text.indexOf('Hello there')).toBeLessThan(rendered.text.indexOf('Make slides'));
    // The template adds tokens beyond the message texts.
    const plain = tokenizer.countTokens('Be brief.Hello thereHi!Make slides');
    expect(rendered.tokens).toBeGreaterThan(plain + 6);
  });
});
