import { ModelError, type ChatRequest, type ChatResult, type ModelProvider } from '../model/provider';

/** Counts a turn's model calls, tokens and time, and reads JSON replies (schema-constrained or not). */
export class MeteredModel {
  calls = 0;
  promptTokens = 0;
  completionTokens = 0;
  modelMs = 0;

  constructor(readonly provider: ModelProvider) {}

  async chat(request: ChatRequest): Promise<ChatResult> {
    const started = performance.now();
    this.calls += 1;
    try {
      const jsonSchema = this.provider.capabilities.jsonSchema ? request.jsonSchema : undefined;
      const result = await this.provider.chat({ ...request, jsonSchema });
      this.promptTokens += result.usage.promptTokens;
      this.completionTokens += result.usage.completionTokens;
      return result;
    } finally {
      this.modelMs += performance.now() - started;
    }
  }

  /** A chat whose reply must be a JSON object; without schema support the first {...} of the text is taken. */
  async chatJson(request: ChatRequest): Promise<Record<string, unknown>> {
    const result = await this.chat(request);
    const value = result.json ?? parseLooseJson(result.text);
    if (!value || typeof value !== 'object' || Array.isArray(value))
      throw new ModelError('BAD_RESPONSE', `the model did not reply with a JSON object (it said: ${result.text.slice(0, 200)})`);
    return value as Record<string, unknown>;
  }
}

function parseLooseJson(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  try {
    return JSON.parse(text.slice(start, end + 1));
  } catch {
    return undefined;
  }
}
