import type { Handlers } from '../../shared/contract';
import type { ApprovalStore } from './approvals';
import type { Executor } from './executor';
import { checkGrantedRoots } from './granted-roots';
import type { RunRecordStore } from './run-records';

type RunRoute =
  | 'run.get'
  | 'runs.list'
  | 'run.start'
  | 'run.cancel'
  | 'run.approve'
  | 'run.apply'
  | 'run.undo'
  | 'run.discard'
  | 'approvals.list'
  | 'approvals.revoke';

export interface RunHandlerDeps {
  executor: Executor;
  approvals: ApprovalStore;
  records: RunRecordStore;
  /**
   * Told after an Apply or a Discard succeeded: the core's feedback loop, which teaches the selector (and the
   * usage figures) which APIs served the turn's request. Not awaited; it never fails the route.
   */
  onSettled?: (runId: string, outcome: 'applied' | 'discarded') => void;
  /** The folders the person granted (settings → workspace): run.start's roots must be these or inside them. */
  grantedFolders: () => readonly string[];
}

/**
 * The executor's route handlers. run.start answers with the run id at once; the run streams its
 * events (run.*) and ends with run.finished; approvals come back through run.approve.
 */
export function runHandlers({ executor, approvals, records, onSettled, grantedFolders }: RunHandlerDeps): Pick<Handlers, RunRoute> {
  const settle = async (report: Awaited<ReturnType<Executor['apply']>>) => {
    await records.settle(report.runId, report.state, report.files);
    return report;
  };
  return {
    'run.get': async (input) => records.get(input.runId),
    'runs.list': async (input) => records.list(input.limit),
    'run.start': async (input) => {
      await checkGrantedRoots(input.roots, grantedFolders());
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
    'run.apply': async (input) => {
      const report = await settle(await executor.apply(input.runId));
      onSettled?.(input.runId, 'applied');
      return report;
    },
    'run.undo': async (input) => settle(await executor.undo(input.runId)),
    'run.discard': async (input) => {
      const report = await settle(await executor.discard(input.runId));
      onSettled?.(input.runId, 'discarded');
      return report;
    },
    'approvals.list': async () => ({ always: approvals.list() }),
    'approvals.revoke': async (input) => ({ always: await approvals.revoke(input.api) }),
  };
}
