import type { Handlers } from '../../shared/contract';
import type { ApprovalStore } from './approvals';
import type { Executor } from './executor';
import type { RunRecordStore } from './run-records';

type RunRoute = 'run.get' | 'runs.list' | 'run.start' | 'run.cancel' | 'run.approve' | 'run.apply' | 'run.undo' | 'run.discard' | 'approvals.list' | 'approvals.revoke';

/**
 * The executor's route handlers. run.start answers with the run id at once; the run streams its
 * events (run.*) and ends with run.finished; approvals come back through run.approve.
 */
export function runHandlers(executor: Executor, approvals: ApprovalStore, records: RunRecordStore): Pick<Handlers, RunRoute> {
  const settle = async (report: Awaited<ReturnType<Executor['apply']>>) => {
    await records.settle(report.runId, report.state, report.files);
    return report;
  };
  return {
    'run.get': async (input) => records.get(input.runId),
    'runs.list': async (input) => records.list(input.limit),
    'run.start': async (input) => {
      const { runId, done } = executor.startRun(input.program, { apis: input.apis, roots: input.roots, attachments: input.attachments, limits: input.limits });
      done.catch(() => undefined);
      return { runId };
    },
    'run.cancel': async (input) => ({ runId: input.runId, cancelled: executor.cancel(input.runId) }),
    'run.approve': async (input) => {
      executor.approve(input.runId, input.requestId, input.decision);
      records.decide(input.runId, input.requestId, input.decision);
      return { runId: input.runId, requestId: input.requestId };
    },
    'run.apply': async (input) => settle(await executor.apply(input.runId)),
    'run.undo': async (input) => settle(await executor.undo(input.runId)),
    'run.discard': async (input) => settle(await executor.discard(input.runId)),
    'approvals.list': async () => ({ always: approvals.list() }),
    'approvals.revoke': async (input) => ({ always: await approvals.revoke(input.api) }),
  };
}
