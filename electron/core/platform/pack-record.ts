import { z } from 'zod';
import { apiDocumentSchema, MODULE_NAME, permissionsSchema, SEMVER } from '../../../apis/sdk';
import { openApiOperationSchema } from './openapi/openapi-import';

/** How a pack reached the registry, enough to update it from the same place. */
export const packSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('builtin') }).strict(),
  z.object({ kind: z.enum(['folder', 'tgz', 'zip', 'npm']), ref: z.string().min(1), integrity: z.string().optional() }).strict(),
  z
    .object({
      kind: z.literal('mcp'),
      ref: z.string().min(1),
      server: z.union([
        z
          .object({
            kind: z.literal('stdio'),
            command: z.string(),
            args: z.array(z.string()),
            env: z.record(z.string(), z.string()).optional(),
            cwd: z.string().optional(),
          })
          .strict(),
        z.object({ kind: z.literal('http'), url: z.string(), headers: z.record(z.string(), z.string()).optional() }).strict(),
      ]),
    })
    .strict(),
  z.object({ kind: z.literal('openapi'), ref: z.string().min(1), baseUrl: z.string().url(), operations: z.array(openApiOperationSchema) }).strict(),
]);

/** One pack as the registry stores it: identity, origin, permissions and its API documents. */
export const packRecordSchema = z
  .object({
    name: z.string().min(1).max(214),
    module: z.string().regex(MODULE_NAME),
    version: z.string().regex(SEMVER),
    description: z.string(),
    kind: z.enum(['builtin', 'js', 'mcp', 'openapi']),
    source: packSourceSchema,
    /** Installed folder of a JavaScript pack (inside the packs directory). */
    dir: z.string().optional(),
    /** The pack's entry module, relative to dir. */
    main: z.string().optional(),
    permissions: permissionsSchema,
    installedAt: z.string(),
    updatedAt: z.string(),
    apis: z.array(apiDocumentSchema),
  })
  .strict();
export type PackRecord = z.infer<typeof packRecordSchema>;

export const registryFileSchema = z.object({ schemaVersion: z.literal(1), packs: z.array(packRecordSchema) }).strict();
