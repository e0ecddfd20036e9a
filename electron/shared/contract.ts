import { z } from 'zod';
import { conversationExportRoutes } from './conversation-export';
import { attachmentRoutes, chatMessageSchema, conversationChangedSchema, conversationRoutes, idSchema, MAX_MESSAGE_CHARS } from './conversations';
import { modelEventNames, modelEvents, modelRoutes } from './models';
import { platformRoutes, registryChangedSchema } from './platform';
import { previewRoutes } from './preview';
import { runEventSchemas, runRoutes } from './run';
import { runViewRoutes } from './run-view';
import { selectorRoutes, selectorWarningSchema } from './selector';
import { settingsPatchSchema, settingsSchema } from './settings';
import { speechRoutes } from './speech';
import { turnEventNames, turnEventSchemas, turnRoutes } from './turn';
import { workspaceRoutes } from './workspace';
import type { Result } from './result';

/**
 * The one IPC contract: every route (request → reply) and every event (core → UI), each with a zod
 * schema. Main, the preload, the browser host, the CLI and the renderer all speak exactly this.
 * Route names are dot-case, resource first, verb last.
 */

const empty = z.object({}).strict().default({});

export const hostKindSchema = z.enum(['electron', 'web', 'cli', 'test']);
export type HostKind = z.infer<typeof hostKindSchema>;

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  host: hostKindSchema,
  platform: z.string(),
  arch: z.string(),
  versions: z.object({ node: z.string(), electron: z.string().optional(), chrome: z.string().optional() }),
  paths: z.object({ home: z.string(), settings: z.string(), logs: z.string() }),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export { MAX_MESSAGE_CHARS, type ChatMessage } from './conversations';

export const chatSendInputSchema = z
  .object({
    conversationId: idSchema.optional(),
    text: z.string().trim().min(1, 'the message is empty').max(MAX_MESSAGE_CHARS),
    /** Ids from attachments.add. */
    attachments: z.array(idSchema).max(16).optional(),
  })
  .strict();

export const eventNames = [
  'chat.message',
  'settings.changed',
  'registry.changed',
  'conversations.changed',
  'selector.warning',
  'run.started',
  'run.api.called',
  'run.api.result',
  'run.api.error',
  'run.log',
  'run.approval.requested',
  'run.artifact.staged',
  'run.finished',
  ...modelEventNames,
  ...turnEventNames,
] as const;
export const eventNameSchema = z.enum(eventNames);

/** Events pushed from core to subscribed clients. */
export const events = {
  'chat.message': chatMessageSchema,
  'settings.changed': settingsSchema,
  /** A pack was installed, updated or removed: the selector and the UI refresh at once. */
  'registry.changed': registryChangedSchema,
  /** A conversation was created, got a message, was renamed or deleted. */
  'conversations.changed': conversationChangedSchema,
  ...runEventSchemas,
  ...modelEvents,
  /** The selector degraded (embedding provider down) or rebuilt its index. */
  'selector.warning': selectorWarningSchema,
  ...turnEventSchemas,
} as const satisfies Record<(typeof eventNames)[number], z.ZodType>;

/** Every route: its input and output schema. */
export const routes = {
  'app.info': { input: empty, output: appInfoSchema },
  'settings.get': { input: empty, output: settingsSchema },
  'settings.set': { input: settingsPatchSchema, output: settingsSchema },
  'chat.send': {
    input: chatSendInputSchema,
    output: z.object({ conversationId: idSchema, message: chatMessageSchema, reply: chatMessageSchema }),
  },
  'events.subscribe': {
    input: z.object({ events: z.array(eventNameSchema).max(eventNames.length) }).strict(),
    output: z.object({ events: z.array(eventNameSchema) }),
  },
  ...platformRoutes,
  ...conversationRoutes,
  ...conversationExportRoutes,
  ...attachmentRoutes,
  ...runRoutes,
  ...runViewRoutes,
  ...previewRoutes,
  ...modelRoutes,
  ...selectorRoutes,
  ...turnRoutes,
  ...speechRoutes,
  ...workspaceRoutes,
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
/** What a caller passes (defaults may be omitted). */
export type RouteInput<R extends RouteName> = z.input<Routes[R]['input']>;
/** What a handler receives after validation. */
export type RouteParsedInput<R extends RouteName> = z.output<Routes[R]['input']>;
export type RouteOutput<R extends RouteName> = z.output<Routes[R]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

/** The client side of whoever made a request: lets a handler manage that client's event subscriptions. */
export interface RequestClient {
  readonly id: string;
  setSubscriptions(names: readonly EventName[]): void;
}

/** The part of AbortSignal a handler uses (shared sees neither DOM nor Node types; both signals fit). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface HandlerContext {
  client: RequestClient;
  signal: AbortSignalLike;
}

/** One handler per route. A route without a handler is a compile error where this type is used. */
export type Handlers = {
  [R in RouteName]: (input: RouteParsedInput<R>, ctx: HandlerContext) => Promise<RouteOutput<R>>;
};

/** What the preload exposes and what the browser client implements: request and on, nothing else. */
export interface SwitchboardBridge {
  request<R extends RouteName>(route: R, input: RouteInput<R>): Promise<Result<RouteOutput<R>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function isRouteName(name: unknown): name is RouteName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(routes, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (eventNames as readonly string[]).includes(name);
}
