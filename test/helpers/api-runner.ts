import type { ApiContext, ApiDefinition, PackDefinition } from '../../apis/sdk';
import type { RunStaging } from '../../electron/core/executor/staging';

/** A context for calling built-in APIs directly: a real staging workspace over `roots`. */
export function apiContext(staging: RunStaging, roots: readonly string[]): ApiContext {
  return {
    signal: new AbortController().signal,
    staging,
    roots,
    progress: () => undefined,
    log: () => undefined,
  };
}

/** Calls an API the way the executor does: arguments parsed by its zod schema, then run. */
export async function callApi<A extends ApiDefinition>(api: A, args: unknown, ctx: ApiContext): Promise<Awaited<ReturnType<A['run']>>> {
  return (await api.run(api.parameters.parse(args), ctx)) as Awaited<ReturnType<A['run']>>;
}

/** The namespace object an action program sees (`pptx.createDeck(...)`), bound to one context. */
export function packNamespace(pack: PackDefinition, ctx: ApiContext): Record<string, (args?: unknown) => Promise<unknown>> {
  return Object.fromEntries(pack.apis.map((api) => [api.name, (args?: unknown) => api.run(api.parameters.parse(args ?? {}), ctx)]));
}
