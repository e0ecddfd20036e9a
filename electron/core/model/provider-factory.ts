import { open } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { basename, join } from 'node:path';
import type { ModelSettings } from '../../shared/settings';
import { providerKeyName, type SecretStore } from '../config/secrets';
import type { Logger } from '../log/logger';
import { chooseLocalModel, type LocalChoice } from './manager/local-choice';
import type { ModelManager } from './manager/model-manager';
import { OpenAiProvider } from './openai/openai-provider';
import { getPreset } from './openai/presets';
import { ModelError, type ModelProvider } from './provider';

/** The OpenAI-compatible provider the settings describe: the preset's defaults, the person's overrides, the stored key. */
export async function createOpenAiProvider(
  settings: ModelSettings['openai'],
  secrets: SecretStore,
  options: { offline?: boolean; maxRetries?: number } = {},
): Promise<OpenAiProvider> {
  const preset = getPreset(settings.preset);
  const baseURL = settings.baseURL ?? preset.baseURL;
  if (baseURL.includes('{')) throw new ModelError('NOT_CONFIGURED', `set the base URL for ${preset.label} (for example ${preset.baseURL})`);
  if (options.offline && !isLoopback(baseURL)) throw new ModelError('NOT_CONFIGURED', `offline mode is on: ${new URL(baseURL).host} is not on this machine`);
  const apiKey = await secrets.get(providerKeyName(settings.preset));
  if (preset.needsKey && !apiKey) throw new ModelError('NOT_CONFIGURED', `no key is set for ${preset.label} (paste one in Settings → Models)`);
  const models = { ...preset.models, ...settings.models };
  return new OpenAiProvider({
    baseURL,
    ...(apiKey ? { apiKey } : {}),
    models,
    capabilities: {
      vision: settings.vision ?? preset.vision,
      jsonSchema: settings.jsonSchema ?? preset.jsonSchema,
      embeddings: preset.embeddings && models.embeddings !== undefined,
      // A transcription model named in the settings means the endpoint serves one, whatever the preset assumes.
      transcription: (preset.transcription || settings.models.transcription !== undefined) && models.transcription !== undefined,
      streaming: settings.stream ?? true,
    },
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
    timeoutMs: endpointTimeoutMs(settings.timeoutSeconds, baseURL),
  });
}

/** The endpoint's time-out: the setting, else long for a server on this machine (a CPU model is slow), two minutes elsewhere. */
export function endpointTimeoutMs(timeoutSeconds: number | undefined, baseURL: string): number {
  if (timeoutSeconds !== undefined) return timeoutSeconds * 1000;
  return isLoopback(baseURL) ? 900_000 : 120_000;
}

/** The local chat model file: a catalogue id, else a plain file name in the models folder. */
export async function localModelPath(chatModel: string, manager: ModelManager): Promise<string> {
  const entry = (await manager.entries()).find((e) => e.id === chatModel);
  if (entry) return manager.pathOf(entry);
  if (basename(chatModel) !== chatModel) throw new ModelError('NOT_CONFIGURED', 'the local model must be a catalogue id or a file name in the models folder');
  return join(manager.modelsDir, chatModel);
}

/** The local model and context the settings and this machine's memory choose (see local-choice.ts). */
export async function resolveLocalChoice(settings: ModelSettings['local'], manager: ModelManager, totalMemoryBytes = totalmem()): Promise<LocalChoice> {
  const statuses = await manager.list();
  const installed = new Set(statuses.filter((s) => s.installed).map((s) => s.entry.id));
  try {
    return chooseLocalModel({ settings, catalog: statuses.map((s) => s.entry), totalMemoryBytes, installed });
  } catch (error) {
    throw new ModelError('NOT_CONFIGURED', (error as Error).message);
  }
}

/** True when the file starts with the GGUF magic. */
export async function isGguf(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
      return bytesRead === 4 && buffer.toString('ascii') === 'GGUF';
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

/** Loads the embedded local provider; the composition root passes it (electron/core/model/local), keeping the native module out of the core's static graph. */
export type LocalProviderLoader = (options: { modelPath: string; contextSize: number; logger: Logger }) => Promise<ModelProvider>;

/** The provider the settings choose. */
export async function createProvider(deps: {
  settings: ModelSettings;
  offline: boolean;
  secrets: SecretStore;
  manager: ModelManager;
  logger: Logger;
  loadLocal?: LocalProviderLoader;
  /** This machine's memory (os.totalmem() unless a test says otherwise): it picks the recommended local model. */
  totalMemoryBytes?: number;
}): Promise<ModelProvider> {
  if (deps.settings.provider === 'openai') return createOpenAiProvider(deps.settings.openai, deps.secrets, { offline: deps.offline });
  const choice = await resolveLocalChoice(deps.settings.local, deps.manager, deps.totalMemoryBytes);
  const modelPath = await localModelPath(choice.chatModel, deps.manager);
  if (!deps.loadLocal) throw new ModelError('UNSUPPORTED', 'this host has no embedded model runtime; choose an OpenAI-compatible provider');
  deps.logger.info('local model chosen', { model: choice.chatModel, contextSize: choice.contextSize, reason: choice.reason });
  return deps.loadLocal({ modelPath, contextSize: choice.contextSize, logger: deps.logger });
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
}
