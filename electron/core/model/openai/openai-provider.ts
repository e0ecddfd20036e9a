import type * as OpenAiModule from 'openai';
import type { ChatCompletionContentPart, ChatCompletionCreateParamsBase, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ModelRole } from '../../../shared/settings';
import {
  estimateTokens,
  hasImages,
  ModelError,
  type ChatMessage,
  type ChatRequest,
  type ChatResult,
  type EmbedRequest,
  type EmbedResult,
  type ModelProvider,
  type ProviderCapabilities,
  type TranscribeRequest,
  type TranscribeResult,
} from '../provider';
import { finishReasonOf, readChatStream } from './chat-stream';
import { lazyModule } from '../../../../apis/sdk/lazy-module';

// The client library loads with the first provider, not when the core starts.
const OpenAI = lazyModule<typeof OpenAiModule.default>('openai', (m) => m.default);
type OpenAI = OpenAiModule.default;
const toFile = lazyModule<typeof OpenAiModule.toFile>('openai', (m) => m.toFile);

export interface OpenAiProviderOptions {
  baseURL: string;
  /** Omitted for local servers that need none. */
  apiKey?: string;
  models: Partial<Record<ModelRole, string>>;
  capabilities: { vision: boolean; jsonSchema: boolean; embeddings: boolean; transcription: boolean; streaming?: boolean };
  /** Retries of the openai client on 408/409/429/5xx and connection errors (its default is 2). */
  maxRetries?: number;
  /** Until the reply's headers; when streaming, also the longest silence in the middle of a reply. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** A provider for any OpenAI-compatible endpoint (OpenAI, Azure v1, Ollama, LM Studio, vLLM, llama.cpp server). */
export class OpenAiProvider implements ModelProvider {
  readonly id = 'openai';
  readonly capabilities: ProviderCapabilities;
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAiProviderOptions) {
    // Always pass a key: without one the client would read OPENAI_API_KEY from the environment.
    this.client = new OpenAI({
      baseURL: options.baseURL,
      apiKey: options.apiKey ?? 'not-needed',
      maxRetries: options.maxRetries ?? 2,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    this.capabilities = { chat: true, tokenizer: false, ...options.capabilities, streaming: options.capabilities.streaming ?? true };
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    const images = hasImages(request.messages);
    if (images && !this.capabilities.vision) {
      throw new ModelError('UNSUPPORTED', 'this model cannot see images; choose a vision-capable model for the vision role or leave the images out');
    }
    if (request.jsonSchema && !this.capabilities.jsonSchema) {
      throw new ModelError('UNSUPPORTED', 'this endpoint does not support JSON-schema output');
    }
    const model = this.modelFor(images ? 'vision' : (request.role ?? 'planner'));
    const params: ChatCompletionCreateParamsBase = {
      model,
      messages: request.messages.map(toOpenAiMessage),
      ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.stop?.length ? { stop: request.stop } : {}),
      ...(request.jsonSchema
        ? { response_format: { type: 'json_schema', json_schema: { name: request.jsonSchema.name, schema: request.jsonSchema.schema, strict: true } } }
        : {}),
    };
    const result = await this.call(async () =>
      request.onToken && this.capabilities.streaming ? this.streamChat(params, request, request.onToken) : this.plainChat(params, request),
    );
    if (request.jsonSchema) result.json = parseJson(result, request.maxTokens);
    return result;
  }

  private async plainChat(params: ChatCompletionCreateParamsBase, request: ChatRequest): Promise<ChatResult> {
    const completion = await this.client.chat.completions.create({ ...params, stream: false }, { signal: request.signal });
    const choice = completion.choices[0];
    return {
      text: choice?.message.content ?? '',
      usage: { promptTokens: completion.usage?.prompt_tokens ?? 0, completionTokens: completion.usage?.completion_tokens ?? 0 },
      finishReason: finishReasonOf(choice?.finish_reason),
      model: completion.model,
    };
  }

  private async streamChat(params: ChatCompletionCreateParamsBase, request: ChatRequest, onToken: (text: string) => void): Promise<ChatResult> {
    // The raw response, so the events are read with bounds and an idle time-out (chat-stream.ts).
    const response = await this.client.chat.completions
      .create({ ...params, stream: true, stream_options: { include_usage: true } }, { signal: request.signal })
      .asResponse();
    return readChatStream(response, {
      model: params.model,
      promptTokens: () => estimateTokens(JSON.stringify(params.messages)),
      onToken,
      idleMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(request.signal ? { signal: request.signal } : {}),
      ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}),
    });
  }

  async embed(request: EmbedRequest): Promise<EmbedResult> {
    if (!this.capabilities.embeddings) throw new ModelError('UNSUPPORTED', 'this endpoint has no embeddings model configured');
    const model = this.modelFor('embeddings');
    return this.call(async () => {
      const reply = await this.client.embeddings.create({ model, input: request.input, encoding_format: 'float' }, { signal: request.signal });
      const vectors = [...reply.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
      if (vectors.length !== request.input.length) throw new ModelError('BAD_RESPONSE', `asked for ${request.input.length} embeddings, got ${vectors.length}`);
      return { vectors, usage: { promptTokens: reply.usage?.prompt_tokens ?? 0 }, model: reply.model || model };
    });
  }

  async transcribe(request: TranscribeRequest): Promise<TranscribeResult> {
    if (!this.capabilities.transcription) throw new ModelError('UNSUPPORTED', 'this endpoint has no transcription model configured');
    const model = this.modelFor('transcription');
    return this.call(async () => {
      const file = await toFile(request.audio, request.fileName ?? 'audio.wav', { type: 'audio/wav' });
      const reply = await this.client.audio.transcriptions.create(
        { file, model, response_format: 'json', ...(request.language ? { language: request.language } : {}) },
        { signal: request.signal },
      );
      return { text: reply.text, model };
    });
  }

  /** The model ids the endpoint lists (GET /models): the connection test. */
  async listModels(signal?: AbortSignal): Promise<string[]> {
    return this.call(async () => {
      const ids: string[] = [];
      for await (const model of this.client.models.list({ signal })) ids.push(model.id);
      return ids;
    });
  }

  async countTokens(text: string): Promise<number> {
    return estimateTokens(text);
  }

  async dispose(): Promise<void> {}

  private modelFor(role: ModelRole): string {
    const model = this.options.models[role] ?? (role === 'coder' || role === 'vision' ? this.options.models.planner : undefined);
    if (!model) throw new ModelError('NOT_CONFIGURED', `no model is set for the ${role} role`);
    return model;
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toModelError(error);
    }
  }
}

function toOpenAiMessage(message: ChatMessage): ChatCompletionMessageParam {
  if (typeof message.content === 'string' || message.role !== 'user') {
    const text = typeof message.content === 'string' ? message.content : message.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
    return { role: message.role, content: text };
  }
  const parts: ChatCompletionContentPart[] = message.content.map((p) =>
    p.type === 'text' ? { type: 'text', text: p.text } : { type: 'image_url', image_url: { url: p.url, ...(p.detail ? { detail: p.detail } : {}) } },
  );
  return { role: 'user', content: parts };
}

function parseJson(result: ChatResult, maxTokens: number | undefined): unknown {
  try {
    return JSON.parse(result.text);
  } catch {
    if (result.finishReason === 'length')
      throw new ModelError(
        'BAD_RESPONSE',
        `the reply reached its budget of ${maxTokens ?? "the endpoint's"} tokens before its JSON was complete (${result.text.length} characters)`,
      );
    throw new ModelError('BAD_RESPONSE', `the model's reply is not the JSON asked for: ${result.text.slice(0, 200)}`);
  }
}

/** Turns the openai client's errors into ModelErrors; the server's message is kept (keys are never in it). */
export function toModelError(error: unknown): Error {
  if (error instanceof ModelError) return error;
  if (error instanceof OpenAI.APIUserAbortError) return new ModelError('CANCELLED', 'the model call was cancelled');
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new ModelError('UNAVAILABLE', 'the model endpoint did not answer in time');
  if (error instanceof OpenAI.APIConnectionError) return new ModelError('UNAVAILABLE', `cannot reach the model endpoint: ${error.message}`);
  if (error instanceof OpenAI.APIError) {
    const status = error.status;
    const detail = error.message;
    if (status === 401 || status === 403) return new ModelError('AUTH', `the endpoint refused the key (${status}): ${detail}`, status);
    if (status === 429) return new ModelError('RATE_LIMITED', `rate limited (429): ${detail}`, status);
    if (status === 400 && /context|maximum.*tokens|too long/i.test(detail)) return new ModelError('CONTEXT_OVERFLOW', detail, status);
    if (status !== undefined && status >= 500) return new ModelError('UNAVAILABLE', `the endpoint failed (${status}): ${detail}`, status);
    return new ModelError('BAD_RESPONSE', `the endpoint answered ${status ?? 'an error'}: ${detail}`, status);
  }
  if (error instanceof Error && error.name === 'AbortError') return new ModelError('CANCELLED', 'the model call was cancelled');
  return error instanceof Error ? error : new Error(String(error));
}
