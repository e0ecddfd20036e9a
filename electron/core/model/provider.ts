/**
 * The one interface every foundation-model provider implements: chat (streaming tokens, images,
 * JSON-schema-constrained output), embeddings and transcription. The planner talks only to this.
 */

import type { ModelRole } from '../../shared/settings';
import type { ModelErrorCode } from '../../shared/errors';

export type { ModelRole } from '../../shared/settings';

export type ChatRole = 'system' | 'user' | 'assistant';

/** One piece of a message: text, or an image (a data: URL or an https URL). */
export type ContentPart = { type: 'text'; text: string } | { type: 'image'; url: string; detail?: 'low' | 'high' | 'auto' };

export interface ChatMessage {
  role: ChatRole;
  content: string | ContentPart[];
}

/** Output constrained to a JSON Schema (OpenAI `response_format: json_schema`; a grammar locally). */
export interface JsonSchemaFormat {
  /** 1-64 letters, digits, _ or - (the OpenAI API's rule). */
  name: string;
  schema: Record<string, unknown>;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** Which role's model answers; defaults to 'planner'. */
  role?: ModelRole;
  jsonSchema?: JsonSchemaFormat;
  maxTokens?: number;
  temperature?: number;
  stop?: string[];
  signal?: AbortSignal;
  /** Called with each piece of text as it arrives (streaming). Without it the provider may not stream. */
  onToken?: (text: string) => void;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'other';

export interface ChatResult {
  text: string;
  /** The parsed JSON when `jsonSchema` was asked for. */
  json?: unknown;
  usage: Usage;
  finishReason: FinishReason;
  model: string;
}

export interface EmbedRequest {
  input: string[];
  signal?: AbortSignal;
}

export interface EmbedResult {
  vectors: number[][];
  usage: { promptTokens: number };
  model: string;
}

export interface TranscribeRequest {
  /** The audio file's bytes (WAV 16 kHz mono 16-bit is what the app records). */
  audio: Uint8Array;
  fileName?: string;
  language?: string;
  signal?: AbortSignal;
}

export interface TranscribeResult {
  text: string;
  model: string;
}

/** What a provider can do; the planner adapts (no images to a model without vision). */
export interface ProviderCapabilities {
  chat: boolean;
  streaming: boolean;
  vision: boolean;
  jsonSchema: boolean;
  embeddings: boolean;
  transcription: boolean;
  /** Counts tokens with the model's own tokenizer (otherwise estimates). */
  tokenizer: boolean;
}

export interface ModelProvider {
  /** A stable id ('openai', 'local'). */
  readonly id: string;
  readonly capabilities: ProviderCapabilities;
  chat(request: ChatRequest): Promise<ChatResult>;
  embed(request: EmbedRequest): Promise<EmbedResult>;
  transcribe(request: TranscribeRequest): Promise<TranscribeResult>;
  /** Tokens in a text by the model's tokenizer, or an estimate (about 4 characters a token). */
  countTokens(text: string): Promise<number>;
  dispose(): Promise<void>;
}

/** Why a provider failed: the shared vocabulary (electron/shared/errors.ts). */
export type { ModelErrorCode };

/** A provider failure with a code the caller branches on. Messages never contain keys. */
export class ModelError extends Error {
  constructor(
    readonly code: ModelErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

export function isModelError(value: unknown): value is ModelError {
  return value instanceof ModelError;
}

/** The rough estimate used where no tokenizer is at hand: about 4 characters a token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The text of a message, images left out. */
export function messageText(message: ChatMessage): string {
  return typeof message.content === 'string' ? message.content : message.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

export function hasImages(messages: readonly ChatMessage[]): boolean {
  return messages.some((m) => typeof m.content !== 'string' && m.content.some((p) => p.type === 'image'));
}
