import { z } from 'zod';

/** What a model is used for; an OpenAI-compatible provider may name a different model per role. */
export const MODEL_ROLES = ['planner', 'coder', 'vision', 'embeddings', 'transcription'] as const;
export type ModelRole = (typeof MODEL_ROLES)[number];

/** OpenAI-compatible endpoints with known defaults (electron/core/model/openai/presets.ts). */
export const PROVIDER_PRESET_IDS = ['openai', 'azure', 'ollama', 'lmstudio', 'vllm', 'llamacpp', 'custom'] as const;
export type ProviderPresetId = (typeof PROVIDER_PRESET_IDS)[number];

const modelName = z.string().trim().min(1).max(200);

/** Which provider answers, and how it is reached. Keys are not here: they live in the secret store. */
export const modelSettingsSchema = z
  .object({
    provider: z.enum(['local', 'openai']).default('local'),
    openai: z
      .object({
        preset: z.enum(PROVIDER_PRESET_IDS).default('openai'),
        /** Overrides the preset's base URL (Azure needs the resource's own). */
        baseURL: z
          .url({ protocol: /^https?$/ })
          .max(2048)
          .optional(),
        models: z
          .object({
            planner: modelName.optional(),
            coder: modelName.optional(),
            vision: modelName.optional(),
            embeddings: modelName.optional(),
            transcription: modelName.optional(),
          })
          .strict()
          .prefault({}),
        /** Capability overrides for models the preset cannot know about. */
        vision: z.boolean().optional(),
        jsonSchema: z.boolean().optional(),
        /** Seconds one request may take; omitted: 900 for an endpoint on this machine (a CPU model writing a long program), 120 otherwise. */
        timeoutSeconds: z.number().int().min(5).max(3600).optional(),
        /** Whether the program is asked for as a stream (`stream: true`, shown growing as it is written); omitted: yes. Off for an endpoint whose streams break. */
        stream: z.boolean().optional(),
      })
      .strict()
      .prefault({}),
    local: z
      .object({
        /** Catalogue id or file name (in the models folder) of the chat GGUF; omitted: the model recommended for this machine's memory. */
        chatModel: modelName.optional(),
        /** Tokens of context; omitted: the chosen model's own (16,384 for the catalogue's chat models where memory allows). */
        contextSize: z.number().int().min(256).max(131_072).optional(),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type ModelSettings = z.infer<typeof modelSettingsSchema>;

/** A partial update of the model settings: each part may be given in part. */
export const modelSettingsPatchSchema = z
  .object({
    provider: modelSettingsSchema.shape.provider.unwrap().optional(),
    openai: z
      .object({
        preset: z.enum(PROVIDER_PRESET_IDS).optional(),
        /** null clears the override. */
        baseURL: z
          .url({ protocol: /^https?$/ })
          .max(2048)
          .nullable()
          .optional(),
        models: z
          .object({
            planner: modelName.nullable().optional(),
            coder: modelName.nullable().optional(),
            vision: modelName.nullable().optional(),
            embeddings: modelName.nullable().optional(),
            transcription: modelName.nullable().optional(),
          })
          .strict()
          .optional(),
        vision: z.boolean().nullable().optional(),
        jsonSchema: z.boolean().nullable().optional(),
        /** null clears the override. */
        timeoutSeconds: z.number().int().min(5).max(3600).nullable().optional(),
        stream: z.boolean().nullable().optional(),
      })
      .strict()
      .optional(),
    /** null returns to the recommended model / the model's own context. */
    local: z
      .object({ chatModel: modelName.nullable().optional(), contextSize: z.number().int().min(256).max(131_072).nullable().optional() })
      .strict()
      .optional(),
  })
  .strict();
export type ModelSettingsPatch = z.infer<typeof modelSettingsPatchSchema>;

/**
 * Where the API selector's index lives. Omitted `uri`: a folder in the data folder (the default). An object-store
 * URI (s3://bucket/prefix, gs://, az://) lets a team share one index; SWITCHBOARD_SELECTOR_INDEX overrides it.
 * Credentials are not here: the secret store (`selector.index.*`) or the AWS_* environment variables hold them.
 */
export const selectorIndexSettingsSchema = z
  .object({
    uri: z
      .string()
      .trim()
      .max(2048)
      .regex(
        /^(s3|gs|az):\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[^\s]*)?$/,
        'an object-store URI: s3://bucket/prefix, gs://bucket/prefix or az://container/prefix',
      )
      .optional(),
    /** S3-compatible service (MinIO, Ceph, R2, a local test server); omitted: AWS. Plain http:// is allowed only when named here. */
    endpoint: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional(),
    /** Bucket region (most S3-compatible services want one; AWS_REGION otherwise). */
    region: z
      .string()
      .trim()
      .regex(/^[a-z0-9-]{1,64}$/, 'a region name such as us-east-1')
      .optional(),
    /** How often a shared index is checked for a newer generation another instance published (0: before every search). */
    refreshSeconds: z.number().int().min(0).max(3600).default(30),
    /** How long a superseded generation stays readable for instances still on it before it is deleted. */
    keepSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600)
      .default(600),
  })
  .strict();
export type SelectorIndexSettings = z.infer<typeof selectorIndexSettingsSchema>;

/** Persisted user settings. Secrets (API keys) never live here; they go to the secret store. */
export const settingsSchema = z
  .object({
    appearance: z
      .object({
        theme: z.enum(['system', 'light', 'dark']).default('system'),
      })
      .strict()
      .prefault({}),
    privacy: z
      .object({
        /** Offline mode: nothing leaves the machine (no remote providers, no downloads). */
        offline: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    voice: z
      .object({
        /** Send the transcript at once instead of placing it in the composer to edit. */
        sendImmediately: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    models: modelSettingsSchema.prefault({}),
    workspace: z
      .object({
        /** Folders the person lets Switchboard read, and write into at Apply (absolute paths). */
        folders: z
          .array(
            z
              .string()
              .trim()
              .min(1)
              .max(4096)
              .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'an absolute path'),
          )
          .max(32)
          .default([]),
      })
      .strict()
      .prefault({}),
    executor: z
      .object({
        /** Seconds the type-check of one program may take before the checker is stopped and the run fails. */
        verifySeconds: z.number().int().min(1).max(600).default(20),
        /** Megabytes of JavaScript heap the checker process may use. */
        verifyMemoryMb: z.number().int().min(128).max(16_384).default(1024),
      })
      .strict()
      .prefault({}),
    /** Each built-in pack's own settings by pack name (the pack validates its part; secrets are not here). */
    packs: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), z.record(z.string(), z.json())).default({}),
    selector: z
      .object({ index: selectorIndexSettingsSchema.prefault({}) })
      .strict()
      .prefault({}),
  })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;

/** A partial update: each section may be given in part. */
export const settingsPatchSchema = z
  .object({
    appearance: settingsSchema.shape.appearance.unwrap().partial().optional(),
    privacy: settingsSchema.shape.privacy.unwrap().partial().optional(),
    voice: settingsSchema.shape.voice.unwrap().partial().optional(),
    models: modelSettingsPatchSchema.optional(),
    workspace: settingsSchema.shape.workspace.unwrap().partial().optional(),
    executor: settingsSchema.shape.executor.unwrap().partial().optional(),
    /** Replaces the named packs' settings (null removes a pack's section). */
    packs: z.record(z.string(), z.record(z.string(), z.json()).nullable()).optional(),
    /** Replaces the selector index settings as a whole (omitted fields return to their defaults). */
    selector: z.object({ index: selectorIndexSettingsSchema.optional() }).strict().optional(),
  })
  .strict();

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}

/** Applies a model-settings patch: nested parts merge, null removes an optional value. */
export function mergeModelSettings(current: ModelSettings, patch: ModelSettingsPatch | undefined): ModelSettings {
  if (!patch) return current;
  const openai: Record<string, unknown> = { ...current.openai, models: { ...current.openai.models } };
  const models = openai.models as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch.openai ?? {})) {
    if (key === 'models') continue;
    if (value === null) delete openai[key];
    else if (value !== undefined) openai[key] = value;
  }
  for (const [role, value] of Object.entries(patch.openai?.models ?? {})) {
    if (value === null) delete models[role];
    else if (value !== undefined) models[role] = value;
  }
  const local: Record<string, unknown> = { ...current.local };
  for (const [key, value] of Object.entries(patch.local ?? {})) {
    if (value === null) delete local[key];
    else if (value !== undefined) local[key] = value;
  }
  return modelSettingsSchema.parse({ provider: patch.provider ?? current.provider, openai, local });
}
