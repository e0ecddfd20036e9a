import type { ApiContext, PackDefinition } from '../../apis/sdk';
import type { RunStaging } from '../../electron/core/executor/staging';

/** An ApiContext around a real staging workspace, for running pack APIs directly in tests. */
export function apiContext(staging: RunStaging, logs: unknown[] = []): ApiContext {
  return {
    signal: new AbortController().signal,
    staging,
    progress: () => undefined,
    log: (message, fields) => void logs.push({ message, fields }),
    roots: staging.grantedRoots,
  };
}

/** Calls one API the way the executor does: arguments validated and defaulted by its zod schema, then run. */
export async function callApi(pack: PackDefinition, verb: string, args: unknown, ctx: ApiContext): Promise<unknown> {
  const api = pack.apis.find((a) => a.name === verb);
  if (!api) throw new Error(`${pack.name}.${verb} does not exist`);
  return api.run(api.parameters.parse(args), ctx);
}

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;

/**
 * Runs an action-code snippet (a document's example) against the implementations: each `pack.verb(args)`
 * maps to callApi. Trusted test code only (the product runs programs in the QuickJS sandbox).
 */
export async function runSnippet(packs: readonly PackDefinition[], code: string, ctx: ApiContext): Promise<unknown[]> {
  const logged: unknown[] = [];
  const namespaces = packs.map((pack) => Object.fromEntries(pack.apis.map((api) => [api.name, (args: unknown) => callApi(pack, api.name, args, ctx)])));
  const fn = new AsyncFunction(...packs.map((p) => p.name), 'log', code);
  await fn(...namespaces, (value: unknown) => void logged.push(value));
  return logged;
}
