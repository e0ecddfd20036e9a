import { z } from 'zod';
import { apiDocumentSchema, EFFECTS, permissionsSchema } from '../../apis/sdk';

/** Contract shapes of the API platform: packs, API documents, usage figures. */

export const packSummarySchema = z.object({
  name: z.string(),
  module: z.string(),
  version: z.string(),
  description: z.string(),
  kind: z.enum(['builtin', 'js', 'mcp', 'openapi']),
  source: z.string(),
  /** What the pack's manifest asks for. */
  permissions: permissionsSchema,
  /** What it runs with: its requests minus what the person took back in Settings → API packs. */
  granted: permissionsSchema,
  apis: z.array(z.string()),
  /**
   * Text in the pack's descriptions that reads like instructions to the assistant ("ignore previous
   * instructions", chat-role markers): shown at install with the permissions; such text never enters a prompt.
   */
  warnings: z.array(z.string()),
  installedAt: z.string(),
  updatedAt: z.string(),
});
export type PackSummary = z.infer<typeof packSummarySchema>;

/**
 * What installing a source would add, read without installing it and checked as `packs.add` checks it. An MCP
 * server is not started before it is confirmed, so its `apis` are empty and its version is 0.0.0 until then.
 */
export const packInspectionSchema = packSummarySchema.omit({ granted: true, installedAt: true, updatedAt: true });
export type PackInspection = z.infer<typeof packInspectionSchema>;

export const apiSummarySchema = z.object({
  name: z.string(),
  module: z.string(),
  pack: z.string(),
  version: z.string(),
  effects: z.enum(EFFECTS),
  summary: z.string(),
});
export type ApiSummary = z.infer<typeof apiSummarySchema>;

export const apiDetailSchema = z.object({
  document: apiDocumentSchema,
  declaration: z.string(),
  compactDeclaration: z.string(),
  tokens: z.object({ full: z.number(), compact: z.number() }),
});

export const usageFiguresSchema = z.object({
  api: z.string(),
  pack: z.string(),
  calls: z.number(),
  failures: z.number(),
  failuresByCode: z.record(z.string(), z.number()),
  meanMs: z.number(),
  p50Ms: z.number(),
  p95Ms: z.number(),
  applied: z.number(),
  discarded: z.number(),
  thumbsUp: z.number(),
  thumbsDown: z.number(),
  lastUsedAt: z.string().optional(),
});

const packName = z.string().trim().min(1).max(214);

export const platformRoutes = {
  'packs.list': { input: z.object({}).strict().default({}), output: z.array(packSummarySchema) },
  'packs.add': {
    input: z.object({ spec: z.string().trim().min(1).max(4096), module: z.string().max(40).optional() }).strict(),
    output: packSummarySchema,
  },
  /** Reads a source's manifest, permissions and warnings without installing it (a temporary unpack is removed). */
  'packs.inspect': {
    input: z.object({ spec: z.string().trim().min(1).max(4096), module: z.string().max(40).optional() }).strict(),
    output: packInspectionSchema,
  },
  'packs.update': { input: z.object({ name: packName }).strict(), output: packSummarySchema },
  'packs.remove': { input: z.object({ name: packName }).strict(), output: packSummarySchema },
  /** Grants a JavaScript pack exactly these of the folders and hosts it asks for; the rest are taken back. */
  'packs.permissions': {
    input: z.object({ name: packName, folders: z.array(z.string().min(1).max(1024)).max(32), hosts: z.array(z.string().min(1).max(260)).max(32) }).strict(),
    output: packSummarySchema,
  },
  'packs.stats': {
    input: z.object({ name: packName.optional() }).strict(),
    output: z.object({ figures: z.array(usageFiguresSchema), csv: z.string() }),
  },
  'apis.list': {
    input: z
      .object({ module: z.string().max(40).optional() })
      .strict()
      .default({}),
    output: z.array(apiSummarySchema),
  },
  'apis.get': { input: z.object({ name: z.string().min(1).max(128) }).strict(), output: apiDetailSchema },
} as const;

export const registryChangedSchema = z.object({
  kind: z.enum(['added', 'updated', 'removed']),
  pack: z.string(),
  module: z.string(),
  version: z.string(),
});
