import { z } from 'zod';

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
  })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;

/** A partial update: each section may be given in part. */
export const settingsPatchSchema = z
  .object({
    appearance: settingsSchema.shape.appearance.unwrap().partial().optional(),
    privacy: settingsSchema.shape.privacy.unwrap().partial().optional(),
    voice: settingsSchema.shape.voice.unwrap().partial().optional(),
  })
  .strict();

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}
