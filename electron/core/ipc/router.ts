import { isRouteName, routes, type HandlerContext, type Handlers } from '../../shared/contract';
import { AppError, fail, ok, type Result } from '../../shared/result';
import type { Logger } from '../log/logger';
import { redactKnown, redactStrings, redactText } from '../log/redact';
import { errorMessage } from '../../shared/errors';

export interface RouterOptions {
  logger: Logger;
  /** Validate handler outputs against the contract (on in tests and development). */
  checkOutputs?: boolean;
}

/**
 * Validates a request against the contract and dispatches it to its handler. Every outcome is a
 * Result: unknown route, bad input, a handler's AppError or an unexpected throw. Never throws itself.
 */
export interface Router {
  dispatch(route: unknown, input: unknown, ctx: HandlerContext): Promise<Result<unknown>>;
}

export function createRouter(handlers: Handlers, options: RouterOptions): Router {
  const { logger, checkOutputs = true } = options;
  return {
    async dispatch(route, input, ctx) {
      if (!isRouteName(route)) {
        return fail('UNKNOWN_ROUTE', `unknown route: ${describe(route)}`);
      }
      const spec = routes[route];
      const parsed = spec.input.safeParse(input);
      if (!parsed.success) {
        return fail('INVALID_INPUT', `invalid input for ${route}: ${formatIssues(parsed.error.issues)}`, {
          issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
        });
      }
      if (ctx.signal.aborted) return fail('CANCELLED', `${route} was cancelled`);
      try {
        const handler = handlers[route] as (input: unknown, ctx: HandlerContext) => Promise<unknown>;
        const value = await handler(parsed.data, ctx);
        if (checkOutputs) {
          const out = spec.output.safeParse(value);
          if (!out.success) {
            logger.error('handler returned output outside the contract', { route, issues: formatIssues(out.error.issues) });
            return fail('INVALID_OUTPUT', `${route} produced an invalid reply`);
          }
          return ok(redactStrings(out.data, redactKnown));
        }
        return ok(redactStrings(value, redactKnown));
      } catch (error) {
        // Error texts may carry what an endpoint echoed (a key): redacted on the way out.
        if (error instanceof AppError) return fail(error.code, redactText(error.message), redactStrings(error.data));
        if (ctx.signal.aborted) return fail('CANCELLED', `${route} was cancelled`);
        logger.error('handler failed', { route, error });
        return fail('INTERNAL', redactText(`${route} failed: ${errorMessage(error)}`));
      }
    },
  };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 128));
  return typeof value;
}

function formatIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => (i.path.length > 0 ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}
