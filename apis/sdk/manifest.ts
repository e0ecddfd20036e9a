import { z } from 'zod';
import { apiSpecSchema, LIMITS, MODULE_NAME, permissionsSchema, SEMVER } from './document';

/** A relative path inside the pack: no absolute paths, no `..`, no backslashes. */
const packPath = z
  .string()
  .min(1)
  .max(512)
  .refine(
    (p) => !p.startsWith('/') && !/^[A-Za-z]:/.test(p) && !p.includes('\\') && !p.split('/').includes('..'),
    'a path inside the pack (relative, without ..)',
  );

/**
 * The manifest of an installable JavaScript pack: in `switchboard.json`, or in package.json under
 * `"switchboard"` (name, version and description then come from package.json).
 */
export const packManifestSchema = z
  .object({
    // Each .describe() below is the field's entry in docs/pack-manifest.md (npm run docs:manifest).
    name: z
      .string()
      .regex(/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/, 'an npm-style package name')
      .max(214)
      .describe('Pack id: an npm-style package name (from package.json when the manifest lives there).'),
    module: z
      .string()
      .regex(MODULE_NAME, 'a module is a lower-camel-case identifier such as weather')
      .describe('The namespace its APIs live under (`weather` in `weather.forecast`).'),
    version: z.string().regex(SEMVER, 'a semantic version such as 1.2.3').describe('A semantic version such as 1.2.3.'),
    description: z.string().trim().min(1, 'description is missing').max(LIMITS.descriptionChars).describe('What the pack is for, in a sentence or two.'),
    main: packPath.default('index.js').describe('The ES module exporting one async function per API, named like the API; a path inside the pack.'),
    permissions: permissionsSchema.prefault({}).describe('What the pack may reach; nothing else is granted.'),
    apis: z
      .array(apiSpecSchema)
      .min(1, 'a pack declares at least one API')
      .max(LIMITS.apisPerPack)
      .describe(`One document per API (at least 1, at most ${LIMITS.apisPerPack}).`),
  })
  .strict()
  .superRefine((manifest, ctx) => {
    const seen = new Set<string>();
    manifest.apis.forEach((api, index) => {
      if (seen.has(api.name)) ctx.addIssue({ code: 'custom', path: ['apis', index, 'name'], message: `duplicate API name ${api.name}` });
      seen.add(api.name);
    });
  });

export type PackManifest = z.output<typeof packManifestSchema>;

/** Builds the manifest input from a package.json that carries a `"switchboard"` field. */
export function manifestFromPackageJson(pkg: unknown): unknown {
  if (typeof pkg !== 'object' || pkg === null) return pkg;
  const { name, version, description, switchboard } = pkg as Record<string, unknown>;
  if (typeof switchboard !== 'object' || switchboard === null) return undefined;
  return { name, version, description, ...(switchboard as Record<string, unknown>) };
}

/** Formats zod issues as `field.path: message` lines naming the pack. */
export function describeIssues(pack: string, issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const lines = issues.slice(0, 8).map((i) => `  ${i.path.length ? i.path.map(String).join('.') : '(manifest)'}: ${i.message}`);
  const more = issues.length > 8 ? `\n  ... and ${issues.length - 8} more` : '';
  return `pack ${pack}: invalid manifest\n${lines.join('\n')}${more}`;
}
