import { z } from 'zod';
import { apiDocumentSchema, apiSpecSchema, type ApiDocument, type Effect, type JsonSchema, type Permissions } from './document';

/** The part of AbortSignal an API uses (the sdk sees neither DOM nor Node types; both signals fit). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export type ArtifactKind = 'pptx' | 'xlsx' | 'docx' | 'other';

/**
 * Codes an API may raise with {@link ApiError}; anything else thrown becomes API_ERROR. UNAVAILABLE: something
 * the API needs is missing on this machine (a program such as LibreOffice); the message names what to install.
 */
export const API_ERROR_CODES = ['NOT_FOUND', 'PERMISSION_DENIED', 'INVALID_ARGUMENTS', 'INVALID_FILE', 'TOO_LARGE', 'UNAVAILABLE', 'API_ERROR'] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** An error an API raises on purpose; the program receives it as `{ code, message }`. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** One entry of a run's staging: a file to write at Apply, or a file to delete. */
export interface StagedEntry {
  /** Absolute real path the entry applies to. */
  target: string;
  kind: ArtifactKind;
  /** `write`: the staged file replaces or creates `target`; `delete`: `target` is removed at Apply. */
  action: 'write' | 'delete';
  /** The staged file (for `write`). */
  stagedPath?: string;
}

/**
 * The run's staging workspace: every `stage` effect writes here, never to the real target. Paths a
 * program names are relative to the first granted root, or absolute inside a granted root; anything
 * else (`..` escapes, symlinks leading out, other folders) raises ApiError PERMISSION_DENIED.
 */
export interface StagingWorkspace {
  /** Absolute path of the staging folder. */
  readonly dir: string;
  /** The absolute real path `path` names, checked to lie inside a granted root. */
  resolve(path: string): Promise<string>;
  /**
   * The file to READ for `path`: this run's staged version when the run already wrote it, else the real
   * file inside a granted root. Raises NOT_FOUND when neither exists (or the run staged its deletion).
   */
  readPath(path: string): Promise<string>;
  /**
   * Registers `target` as an artifact and returns the staging path to write. Staging the same target
   * again in the run returns the same path, so a later call edits the staged version in place.
   */
  stageFile(target: string, kind: ArtifactKind): Promise<string>;
  /** Schedules the deletion of `target` at Apply (a `destructive` effect). */
  stageDelete(target: string): Promise<void>;
  /** What the run has staged so far, in order. */
  entries(): readonly StagedEntry[];
}

/**
 * What the person configured for a pack: plain values (settings.json `packs.<pack>`) and named secrets
 * (the secret store's `pack.<pack>.<name>`). Packs validate `values` with their own zod schema.
 */
export interface PackSettings {
  readonly values: Readonly<Record<string, unknown>>;
  /** The secret stored under `pack.<pack>.<name>`, or undefined when unset. */
  secret(name: string): Promise<string | undefined>;
}

/** What an implementation receives besides its arguments. */
export interface ApiContext {
  signal: AbortSignalLike;
  staging: StagingWorkspace;
  /** Reports progress (0..1) with an optional message. */
  progress(fraction: number, message?: string): void;
  log(message: string, fields?: Record<string, unknown>): void;
  /** Folders the person granted for this run; file APIs read only inside them. */
  roots: readonly string[];
  /** This pack's configured settings and secrets (built-in packs; absent where a host gives none). */
  settings?: PackSettings;
}

/** Whether `path` exists for this run: this run's staged version or the real file (a staged deletion does not count). */
export async function existsInRun(ctx: ApiContext, path: string): Promise<boolean> {
  return ctx.staging.readPath(path).then(
    () => true,
    (error: unknown) => {
      if (error instanceof ApiError && error.code === 'NOT_FOUND') return false;
      throw error;
    },
  );
}

/** A built-in API: its document's parts with zod schemas, and its implementation. */
export interface ApiDefinition<P extends z.ZodObject = z.ZodObject, R extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  parameters: P;
  returns: R;
  examples?: string[];
  composition?: string;
  effects: Effect;
  run(args: z.output<P>, ctx: ApiContext): Promise<z.input<R>>;
}

/** Defines an API with full inference: `run` receives the parsed arguments' type. */
export function defineApi<P extends z.ZodObject, R extends z.ZodType>(api: ApiDefinition<P, R>): ApiDefinition<P, R> {
  return api;
}

/** A built-in pack: trusted, in process. */
export interface PackDefinition {
  /** The module name the pack's APIs live under (`pptx` in `pptx.addSlide`); also the pack id. */
  name: string;
  version: string;
  description: string;
  permissions?: Partial<Permissions>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each API has its own schemas
  apis: readonly ApiDefinition<any, any>[];
  /** Releases what the pack's APIs started (workers, connections, caches) when the host shuts down; called once. */
  dispose?: () => void | Promise<void>;
}

export function definePack<const P extends PackDefinition>(pack: P): P {
  return pack;
}

function toJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** The API documents of a built-in pack, derived from its zod schemas (the single source of its docs). */
export function packDocuments(pack: PackDefinition): ApiDocument[] {
  return pack.apis.map((api) => {
    const spec = apiSpecSchema.parse({
      name: api.name,
      description: api.description,
      parameters: toJsonSchema(api.parameters),
      returns: toJsonSchema(api.returns),
      examples: api.examples ?? [],
      composition: api.composition ?? '',
      effects: api.effects,
    });
    return apiDocumentSchema.parse({
      ...spec,
      name: `${pack.name}.${spec.name}`,
      module: pack.name,
      pack: pack.name,
      version: pack.version,
      permissions: pack.permissions ?? {},
    });
  });
}
