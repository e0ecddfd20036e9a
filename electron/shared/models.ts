import { z } from 'zod';
import { MODEL_ROLES, modelSettingsPatchSchema, modelSettingsSchema, PROVIDER_PRESET_IDS } from './settings';

/** Contract shapes of the model layer: providers (settings, keys, connection test) and the model files. */

const empty = z.object({}).strict().default({});
const presetId = z.enum(PROVIDER_PRESET_IDS);
const modelId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'a catalogue model id');

export const providerPresetSchema = z.object({
  id: presetId,
  label: z.string(),
  baseURL: z.string(),
  needsKey: z.boolean(),
  models: z.partialRecord(z.enum(MODEL_ROLES), z.string()),
  vision: z.boolean(),
  jsonSchema: z.boolean(),
  embeddings: z.boolean(),
  transcription: z.boolean(),
  notes: z.string(),
});
export type ProviderPresetInfo = z.infer<typeof providerPresetSchema>;

/** The provider settings as the UI shows them. Keys appear only as "set or not", never in clear. */
export const providersStateSchema = z.object({
  settings: modelSettingsSchema,
  presets: z.array(providerPresetSchema),
  keys: z.partialRecord(presetId, z.boolean()),
  /** 'file' or 'encrypted-file': how keys are kept on this machine. */
  secretStore: z.string(),
  /** The local model and context in effect (the settings, else the one recommended for this machine's memory), and why. */
  localChoice: z.object({ chatModel: z.string(), contextSize: z.number(), reason: z.string() }).optional(),
});
export type ProvidersState = z.infer<typeof providersStateSchema>;

export const providerTestResultSchema = z.object({
  ok: z.boolean(),
  provider: z.enum(['local', 'openai']),
  /** Models the endpoint lists (OpenAI-compatible) or the local model file. */
  models: z.array(z.string()),
  message: z.string(),
});

export const modelInfoSchema = z.object({
  id: z.string(),
  kind: z.enum(['chat', 'embedding', 'tokenizer', 'speech']),
  label: z.string(),
  file: z.string(),
  url: z.string(),
  size: z.number(),
  sizeApprox: z.boolean(),
  /** Which published checksum guards the download ('none' when none is known). */
  checksum: z.enum(['sha256', 'sha1', 'none']),
  checksumSource: z.string().optional(),
  license: z.string(),
  description: z.string(),
  /** Chat models: memory needed while running at contextSize, in bytes. */
  ramBytes: z.number().optional(),
  /** Chat models: the context (tokens) they run with unless set. */
  contextSize: z.number().optional(),
  installed: z.boolean(),
  partialBytes: z.number(),
  pulling: z.boolean(),
});
export type ModelInfo = z.infer<typeof modelInfoSchema>;

export const modelVerifySchema = z.object({ id: z.string(), status: z.enum(['ok', 'mismatch', 'missing', 'unverified']), message: z.string() });

/** Download progress of a model file (throttled to about one event per percent). */
export const modelProgressSchema = z.object({
  id: z.string(),
  phase: z.enum(['download', 'verify']),
  received: z.number(),
  total: z.number().optional(),
});

export const modelRoutes = {
  'providers.list': { input: empty, output: providersStateSchema },
  'providers.set': { input: modelSettingsPatchSchema, output: providersStateSchema },
  'providers.key.set': {
    input: z.object({ preset: presetId, key: z.string().trim().min(1).max(4096) }).strict(),
    output: z.object({ preset: presetId, hasKey: z.boolean() }),
  },
  'providers.key.clear': { input: z.object({ preset: presetId }).strict(), output: z.object({ preset: presetId, hasKey: z.boolean() }) },
  /** Tries the active provider (or the given one): lists the endpoint's models, or checks the local model file. */
  'providers.test': {
    input: z
      .object({ provider: z.enum(['local', 'openai']).optional() })
      .strict()
      .default({}),
    output: providerTestResultSchema,
  },
  'models.list': { input: empty, output: z.array(modelInfoSchema) },
  /** Downloads a catalogue model; `models.progress` events report it. Resolves when it is in place. */
  'models.pull': { input: z.object({ id: modelId }).strict(), output: modelInfoSchema },
  'models.cancel': { input: z.object({ id: modelId }).strict(), output: z.object({ id: z.string(), cancelled: z.boolean() }) },
  'models.remove': { input: z.object({ id: modelId }).strict(), output: modelInfoSchema },
  'models.verify': { input: empty, output: z.array(modelVerifySchema) },
} as const;

export const modelEventNames = ['models.progress'] as const;

export const modelEvents = {
  'models.progress': modelProgressSchema,
} as const;
