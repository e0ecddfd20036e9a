import { access } from 'node:fs/promises';
import { LlamaChat, type LlamaContext, type GbnfJsonSchema, type LlamaJsonSchemaGrammar, type LlamaModel } from 'node-llama-cpp';
import type { Logger } from '../../log/logger';
import {
  hasImages,
  ModelError,
  type ChatRequest,
  type ChatResult,
  type EmbedResult,
  type ModelProvider,
  type ProviderCapabilities,
  type TranscribeResult,
} from '../provider';
import { LlamaTokenizer, toChatHistory } from './chat-template';
import { defaultThreads, llamaRuntime } from './llama-runtime';

export interface LlamaProviderOptions {
  /** A chat GGUF (in the models folder). */
  modelPath: string;
  /** Tokens of context (prompt and reply together); capped at the model's training size. */
  contextSize?: number;
  /** CPU threads; defaults to the core count. */
  threads?: number;
  logger?: Logger;
}

/** Reply budget when the caller names none: a quarter of the context. */
const DEFAULT_REPLY_SHARE = 4;

/**
 * The embedded local provider: a GGUF chat model run by llama.cpp (node-llama-cpp) on the CPU.
 * JSON-schema output is enforced by a grammar, so even a small model's reply parses. One call at a time.
 */
export class LlamaProvider implements ModelProvider {
  readonly id = 'local';
  readonly capabilities: ProviderCapabilities = {
    chat: true,
    streaming: true,
    vision: false,
    jsonSchema: true,
    embeddings: false,
    transcription: false,
    tokenizer: true,
  };
  private readonly tokenizer: LlamaTokenizer;
  private readonly grammars = new Map<string, Promise<LlamaJsonSchemaGrammar<GbnfJsonSchema>>>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly model: LlamaModel,
    private readonly context: LlamaContext,
    readonly modelPath: string,
  ) {
    this.tokenizer = new LlamaTokenizer(model);
  }

  static async load(options: LlamaProviderOptions): Promise<LlamaProvider> {
    try {
      await access(options.modelPath);
    } catch {
      throw new ModelError('NOT_CONFIGURED', `the local model is not downloaded yet (no file at ${options.modelPath})`);
    }
    const llama = await llamaRuntime(options.logger);
    const model = await llama.loadModel({ modelPath: options.modelPath });
    try {
      const contextSize = Math.min(options.contextSize ?? 4096, model.trainContextSize);
      const context = await model.createContext({ contextSize, threads: options.threads ?? defaultThreads(), sequences: 1 });
      return new LlamaProvider(model, context, options.modelPath);
    } catch (error) {
      await model.dispose();
      throw error;
    }
  }

  get contextSize(): number {
    return this.context.contextSize;
  }

  chat(request: ChatRequest): Promise<ChatResult> {
    const run = () => this.runChat(request);
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async runChat(request: ChatRequest): Promise<ChatResult> {
    if (hasImages(request.messages)) throw new ModelError('UNSUPPORTED', 'the local model cannot see images; use a vision-capable provider for images');
    if (request.signal?.aborted) throw new ModelError('CANCELLED', 'the model call was cancelled');
    const prompt = this.tokenizer.renderChat(request.messages);
    const maxTokens = request.maxTokens ?? Math.floor(this.contextSize / DEFAULT_REPLY_SHARE);
    if (prompt.tokens + maxTokens > this.contextSize) {
      throw new ModelError(
        'CONTEXT_OVERFLOW',
        `the prompt is ${prompt.tokens} tokens and the reply may take ${maxTokens}, more than the context of ${this.contextSize}; trim the history`,
      );
    }
    const grammar = request.jsonSchema ? await this.grammarFor(request.jsonSchema.schema) : undefined;
    const sequence = this.context.getSequence();
    const chat = new LlamaChat({ contextSequence: sequence, chatWrapper: this.tokenizer.wrapper, autoDisposeSequence: true });
    let text: string;
    let stopReason: string;
    try {
      const response = await chat.generateResponse(toChatHistory(request.messages), {
        maxTokens,
        temperature: request.temperature ?? 0,
        ...(grammar ? { grammar } : {}),
        ...(request.stop?.length ? { customStopTriggers: request.stop } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.onToken ? { onTextChunk: request.onToken } : {}),
      });
      text = response.response;
      stopReason = response.metadata.stopReason;
    } catch (error) {
      if (request.signal?.aborted) throw new ModelError('CANCELLED', 'the model call was cancelled');
      throw error;
    } finally {
      chat.dispose();
    }
    const result: ChatResult = {
      text,
      usage: { promptTokens: prompt.tokens, completionTokens: this.tokenizer.countTokens(text) },
      finishReason: stopReason === 'maxTokens' ? 'length' : 'stop',
      model: this.modelPath,
    };
    if (grammar) {
      try {
        result.json = grammar.parse(text);
      } catch {
        throw new ModelError('BAD_RESPONSE', `the local model's reply ended before its JSON was complete (${stopReason}); raise maxTokens`);
      }
    }
    return result;
  }

  private grammarFor(schema: Record<string, unknown>): Promise<LlamaJsonSchemaGrammar<GbnfJsonSchema>> {
    const key = JSON.stringify(schema);
    let grammar = this.grammars.get(key);
    if (!grammar) {
      grammar = llamaRuntime().then((llama) => llama.createGrammarForJsonSchema(schema as never));
      this.grammars.set(key, grammar);
    }
    return grammar;
  }

  async embed(): Promise<EmbedResult> {
    throw new ModelError('UNSUPPORTED', 'the local chat model does not make embeddings; the selector uses its own embedding model');
  }

  async transcribe(): Promise<TranscribeResult> {
    throw new ModelError('UNSUPPORTED', 'the local chat model does not transcribe; speech uses whisper.cpp');
  }

  async countTokens(text: string): Promise<number> {
    return this.tokenizer.countTokens(text);
  }

  async dispose(): Promise<void> {
    await this.queue;
    await this.context.dispose();
    await this.model.dispose();
  }
}
