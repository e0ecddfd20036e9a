import { z } from 'zod';

/**
 * The unified API document (TaskMatrix.AI's five aspects: name, parameter list, description, usage
 * examples, composition instructions) plus effects, version, pack and permissions. Plain JSON, so it
 * is stored, sent over IPC, rendered into declarations and embedded for selection unchanged.
 */

export const EFFECTS = ['read', 'stage', 'external', 'destructive'] as const;
export type Effect = (typeof EFFECTS)[number];

/** Effects that pause a program until the person approves the call. */
export const EFFECTS_NEEDING_APPROVAL: readonly Effect[] = ['external', 'destructive'];

/** A module (pack) name: a TypeScript identifier in lower camel case, used as the namespace. */
export const MODULE_NAME = /^[a-z][a-zA-Z0-9]{0,39}$/;
/** A verb: a TypeScript identifier starting lower case (camelCase or snake_case). */
export const VERB_NAME = /^[a-z][a-zA-Z0-9_]{0,63}$/;
/** `module.verb`. */
export const API_NAME = /^[a-z][a-zA-Z0-9]{0,39}\.[a-z][a-zA-Z0-9_]{0,63}$/;
/** Semantic version 2.0.0. */
export const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export const LIMITS = {
  descriptionChars: 4000,
  exampleChars: 4000,
  examples: 10,
  compositionChars: 2000,
  parameters: 64,
  schemaDepth: 8,
  /** Whole document as JSON. */
  documentBytes: 64 * 1024,
  apisPerPack: 500,
} as const;

/** A JSON Schema (the subset declarations and validation understand; extra keywords are kept). */
export type JsonSchema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  [keyword: string]: unknown;
};

const jsonSchema: z.ZodType<JsonSchema> = z.lazy(() =>
  z
    .object({
      type: z.union([z.string(), z.array(z.string())]).optional(),
      description: z.string().max(LIMITS.descriptionChars).optional(),
      properties: z.record(z.string(), jsonSchema).optional(),
      items: jsonSchema.optional(),
      anyOf: z.array(jsonSchema).optional(),
      oneOf: z.array(jsonSchema).optional(),
      required: z.array(z.string()).optional(),
      enum: z.array(z.unknown()).optional(),
    })
    .catchall(z.unknown()),
);

function depth(schema: JsonSchema, level = 0): number {
  const children = [...Object.values(schema.properties ?? {}), ...(schema.items ? [schema.items] : []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  return children.reduce((max, child) => Math.max(max, depth(child, level + 1)), level);
}

/** The parameter list: one object whose fields each have a type and a description. */
export const parametersSchema = jsonSchema.superRefine((schema, ctx) => {
  if (schema.type !== 'object') {
    ctx.addIssue({ code: 'custom', message: 'parameters must be an object schema ({ "type": "object", "properties": ... })' });
    return;
  }
  const properties = schema.properties ?? {};
  const names = Object.keys(properties);
  if (names.length > LIMITS.parameters) ctx.addIssue({ code: 'custom', message: `at most ${LIMITS.parameters} parameters` });
  for (const name of names) {
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name))
      ctx.addIssue({ code: 'custom', path: ['properties', name], message: 'a parameter name must be an identifier' });
    const description = properties[name]?.description;
    if (typeof description !== 'string' || description.trim() === '') {
      ctx.addIssue({ code: 'custom', path: ['properties', name, 'description'], message: 'every parameter needs a description' });
    }
  }
  for (const name of schema.required ?? []) {
    if (!names.includes(name)) ctx.addIssue({ code: 'custom', path: ['required'], message: `required parameter ${name} is not in properties` });
  }
  if (depth(schema) > LIMITS.schemaDepth) ctx.addIssue({ code: 'custom', message: `schemas nest at most ${LIMITS.schemaDepth} levels` });
});

export const permissionsSchema = z
  .object({
    folders: z.array(z.string().min(1).max(1024)).max(32).default([]).describe('Folders the pack may read (absolute, or starting with ~/).'),
    hosts: z
      .array(
        z
          .string()
          .regex(/^[a-z0-9.-]+(:\d+)?$/i, 'a host name, optionally with :port')
          .max(253),
      )
      .max(32)
      .default([])
      .describe('Hosts the pack may reach over the network (a name, optionally with :port).'),
  })
  .strict();
export type Permissions = z.infer<typeof permissionsSchema>;

const text = (max: number, what: string) => z.string().trim().min(1, `${what} is missing`).max(max);

/** The part of a document a pack author writes (the pack fills in module, pack, version, permissions). */
export const apiSpecSchema = z
  .object({
    name: z
      .string()
      .regex(VERB_NAME, 'an API name is an identifier starting lower case, such as addSlide')
      .describe('The verb: `addSlide` in `pptx.addSlide`.'),
    description: text(LIMITS.descriptionChars, 'description')
      .refine((d) => d.length >= 10, 'the description is too short to tell what the API does')
      .describe('What it does and how: inputs, outputs, the errors it raises (at least 10 characters).'),
    parameters: parametersSchema.describe(
      `One object JSON Schema; every property has a type and a description (at most ${LIMITS.parameters} properties, ${LIMITS.schemaDepth} levels deep).`,
    ),
    returns: jsonSchema.default({ type: 'null' }).describe('JSON Schema of the value it returns.'),
    examples: z.array(text(LIMITS.exampleChars, 'example')).max(LIMITS.examples).default([]).describe('Action-code snippets calling it (recommended).'),
    composition: z.string().max(LIMITS.compositionChars).default('').describe('How it combines with other APIs ("open before edit; save at the end").'),
    effects: z
      .enum(EFFECTS)
      .describe('read, stage (writes only into staging), external (network, devices) or destructive; external and destructive ask the person first.'),
  })
  .strict();

/** A complete API document, as stored in the registry. */
export const apiDocumentSchema = apiSpecSchema
  .omit({ name: true })
  .extend({
    name: z.string().regex(API_NAME, 'an API name is module.verb'),
    module: z.string().regex(MODULE_NAME),
    pack: z.string().min(1).max(214),
    version: z.string().regex(SEMVER, 'a semantic version such as 1.2.3'),
    permissions: permissionsSchema.prefault({}),
  })
  .strict()
  .superRefine((doc, ctx) => {
    if (!doc.name.startsWith(`${doc.module}.`)) ctx.addIssue({ code: 'custom', path: ['name'], message: `the name must start with the module ${doc.module}.` });
    const bytes = utf8Length(JSON.stringify(doc));
    if (bytes > LIMITS.documentBytes) ctx.addIssue({ code: 'custom', message: `the document is ${bytes} bytes; the limit is ${LIMITS.documentBytes}` });
  });
export type ApiDocument = z.output<typeof apiDocumentSchema>;

/** UTF-8 byte length without TextEncoder or Buffer (the sdk runs anywhere). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}
