import type { ModelRole, ProviderPresetId } from '../../../shared/settings';

/** Known OpenAI-compatible endpoints: where they listen, what they can do, sensible default models. */
export interface ProviderPreset {
  id: ProviderPresetId;
  label: string;
  /** `{resource}` marks a part the person fills in (Azure). */
  baseURL: string;
  needsKey: boolean;
  models: Partial<Record<ModelRole, string>>;
  vision: boolean;
  jsonSchema: boolean;
  embeddings: boolean;
  transcription: boolean;
  notes: string;
}

export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  {
    id: 'openai',
    label: 'OpenAI',
    baseURL: 'https://api.openai.com/v1',
    needsKey: true,
    models: { planner: 'gpt-4.1-mini', coder: 'gpt-4.1-mini', vision: 'gpt-4.1-mini', embeddings: 'text-embedding-3-small', transcription: 'whisper-1' },
    vision: true,
    jsonSchema: true,
    embeddings: true,
    transcription: true,
    notes: 'A key from platform.openai.com.',
  },
  {
    id: 'azure',
    label: 'Azure OpenAI',
    baseURL: 'https://{resource}.openai.azure.com/openai/v1/',
    needsKey: true,
    models: {},
    vision: true,
    jsonSchema: true,
    embeddings: true,
    transcription: true,
    notes: 'The v1 API of an Azure OpenAI resource: set the base URL to your resource and each role to a deployment name; the key is the resource key.',
  },
  {
    id: 'ollama',
    label: 'Ollama',
    baseURL: 'http://127.0.0.1:11434/v1',
    needsKey: false,
    models: { planner: 'qwen2.5:7b-instruct', coder: 'qwen2.5-coder:7b', vision: 'llava:7b', embeddings: 'nomic-embed-text' },
    vision: false,
    jsonSchema: true,
    embeddings: true,
    transcription: false,
    notes:
      'Local Ollama (0.5 or newer for JSON-schema output); pull the models first (`ollama pull qwen2.5:7b-instruct`). Set vision on when the vision model is a multimodal one.',
  },
  {
    id: 'lmstudio',
    label: 'LM Studio',
    baseURL: 'http://127.0.0.1:1234/v1',
    needsKey: false,
    models: {},
    vision: false,
    jsonSchema: true,
    embeddings: true,
    transcription: false,
    notes: 'Start the server in LM Studio (Developer tab) and name the loaded model per role.',
  },
  {
    id: 'vllm',
    label: 'vLLM',
    baseURL: 'http://127.0.0.1:8000/v1',
    needsKey: false,
    models: {},
    vision: false,
    jsonSchema: true,
    embeddings: false,
    transcription: false,
    notes:
      '`vllm serve <model>`; the role models are the served model name. A key only when started with --api-key. Embeddings and transcription need models served for them.',
  },
  {
    id: 'llamacpp',
    label: 'llama.cpp server',
    baseURL: 'http://127.0.0.1:8080/v1',
    needsKey: false,
    models: { planner: 'default', coder: 'default' },
    vision: false,
    jsonSchema: true,
    embeddings: false,
    transcription: false,
    notes: '`llama-server -m model.gguf`; embeddings need --embeddings, images a multimodal projector (--mmproj).',
  },
  {
    id: 'custom',
    label: 'Other OpenAI-compatible endpoint',
    baseURL: 'http://127.0.0.1:8000/v1',
    needsKey: false,
    models: {},
    vision: false,
    jsonSchema: false,
    embeddings: true,
    transcription: false,
    notes: 'Any server speaking /v1/chat/completions; set the base URL, the models and the capabilities it has.',
  },
];

export function getPreset(id: ProviderPresetId): ProviderPreset {
  const preset = PROVIDER_PRESETS.find((p) => p.id === id);
  if (!preset) throw new Error(`unknown provider preset ${id}`);
  return preset;
}
