import type { Handlers } from '../../shared/contract';
import type { ApprovalStore } from './approvals';
import type { Executor } from './executor';

type RunRoute = 'run.start' | 'run.cancel' | 'run.approve' | 'run.apply' | 'run.undo' | 'run.discard' | 'approvals.list' | 'approvals.revoke';

/**
 * The executor's route handlers. run.start answers with the run id at once; the run streams its
 * events (run.*) and ends with run.finished; approvals come back through run.approve.
 */
export function runHandlers(executor: Executor, approvals: ApprovalStore): Pick<Handlers, RunRoute> {
  return {
    'run.start': async (input) => {
      const { runId, done } = executor.startRun(input.program, { apis: input.apis, roots: input.roots, attachments: input.attachments, limits: input.limits });
      done.catch(() => undefined);
      return { runId };
    },
    'run.cancel': async (input) => ({ runId: input.runId, cancelled: executor.cancel(input.runId) }),
    'run.approve': async (input) => {
      executor.approve(input.runId, input.requestId, input.decision);
      return { runId: input.runId, requestId: input.requestId };
    },
    'run.apply': async (input) => executor.apply(input.runId),
    'run.undo': async (input) => executor.undo(input.runId),
    'run.discard': async (input) => executor.discard(input.runId),
    'approvals.list': async () => ({ always: approvals.list() }),
    'approvals.revoke': async (input) => ({ always: await approvals.revoke(input.api) }),
  };
}
