import type { EventPayload } from '../../../electron/shared/contract';
import type { ArtifactPreviewView } from '../../../electron/shared/preview';
import type { ResultError } from '../../../electron/shared/result';
import type { ApprovalDecision, Artifact, RunEventName, RunStatus } from '../../../electron/shared/run';
import { dropOldestFinished } from './bounded';
import { call } from './call';
import type { SliceCreator } from './types';

export interface CallView {
  callId: number;
  api: string;
  args: unknown;
  value?: unknown;
  error?: { code: string; message: string };
  durationMs?: number;
}

export interface ApprovalView {
  requestId: string;
  api: string;
  effects: 'external' | 'destructive';
  args: unknown;
  summary: string;
  /** Set once answered here; the run continues (or gets DENIED) on its own. */
  decision?: ApprovalDecision;
}

export interface PreviewView {
  loading: boolean;
  preview?: ArtifactPreviewView;
  overwrites?: boolean;
  error?: ResultError;
}

export type ApplyState = 'applying' | 'applied' | 'undoing' | 'undone' | 'discarding' | 'discarded';

export interface RunView {
  runId: string;
  status: 'running' | RunStatus;
  calls: CallView[];
  logs: string[];
  approvals: ApprovalView[];
  artifacts: Artifact[];
  value?: unknown;
  error?: { code: string; message: string };
  statistics?: EventPayload<'run.finished'>['statistics'];
  applyState?: ApplyState;
  /** Files Apply wrote or deleted (and Undo restored). */
  files?: { target: string; action: 'write' | 'delete' }[];
  actionError?: ResultError;
  previews: Record<string, PreviewView>;
}

/** Runs kept in the window; older finished ones are dropped so a long session stays lean. */
export const MAX_RUNS = 50;
const MAX_LOG_LINES = 500;
const MAX_CALLS_SHOWN = 1000;

export interface RunsSlice {
  runs: Record<string, RunView>;
  receiveRunEvent<E extends RunEventName>(name: E, payload: EventPayload<E>): void;
  answerApproval(runId: string, requestId: string, decision: ApprovalDecision): Promise<void>;
  applyRun(runId: string): Promise<void>;
  undoRun(runId: string): Promise<void>;
  discardRun(runId: string): Promise<void>;
  cancelRun(runId: string): Promise<void>;
  loadPreview(runId: string, target: string): Promise<void>;
}

function emptyRun(runId: string): RunView {
  return { runId, status: 'running', calls: [], logs: [], approvals: [], artifacts: [], previews: {} };
}

export const createRunsSlice: SliceCreator<RunsSlice> = ({ bridge }) => (set, get) => {
  const update = (runId: string, change: (run: RunView) => Partial<RunView>) =>
    set((state) => {
      const run = state.runs[runId] ?? emptyRun(runId);
      const runs = { ...state.runs, [runId]: { ...run, ...change(run) } };
      return { runs: dropOldestFinished(runs, MAX_RUNS, (r) => r.status !== 'running') };
    });

  const applyAction = async (runId: string, route: 'run.apply' | 'run.undo' | 'run.discard', during: ApplyState, after: ApplyState) => {
    update(runId, () => ({ applyState: during, actionError: undefined }));
    const result = await call(bridge, route, { runId });
    if (result.ok) update(runId, () => ({ applyState: after, files: result.value.files }));
    else update(runId, (run) => ({ applyState: run.applyState === during ? previous(during) : run.applyState, actionError: result.error }));
  };

  return {
    runs: {},

    receiveRunEvent(name, payload) {
      const p = payload as EventPayload<RunEventName> & { runId: string };
      switch (name) {
        case 'run.started':
          return update(p.runId, () => ({ status: 'running' }));
        case 'run.api.called': {
          const e = payload as EventPayload<'run.api.called'>;
          return update(e.runId, (run) => ({ calls: run.calls.length >= MAX_CALLS_SHOWN ? run.calls : [...run.calls, { callId: e.callId, api: e.api, args: e.args }] }));
        }
        case 'run.api.result': {
          const e = payload as EventPayload<'run.api.result'>;
          return update(e.runId, (run) => ({ calls: run.calls.map((c) => (c.callId === e.callId ? { ...c, value: e.value, durationMs: e.durationMs } : c)) }));
        }
        case 'run.api.error': {
          const e = payload as EventPayload<'run.api.error'>;
          return update(e.runId, (run) => ({ calls: run.calls.map((c) => (c.callId === e.callId ? { ...c, error: e.error, durationMs: e.durationMs } : c)) }));
        }
        case 'run.log': {
          const e = payload as EventPayload<'run.log'>;
          return update(e.runId, (run) => ({ logs: [...run.logs, e.text].slice(-MAX_LOG_LINES) }));
        }
        case 'run.approval.requested': {
          const e = payload as EventPayload<'run.approval.requested'>;
          return update(e.runId, (run) => ({ approvals: [...run.approvals, { requestId: e.requestId, api: e.api, effects: e.effects, args: e.args, summary: e.summary }] }));
        }
        case 'run.artifact.staged': {
          const e = payload as EventPayload<'run.artifact.staged'>;
          return update(e.runId, (run) => ({ artifacts: [...run.artifacts.filter((a) => a.target !== e.artifact.target), e.artifact] }));
        }
        case 'run.finished': {
          const e = payload as EventPayload<'run.finished'>;
          return update(e.runId, () => ({ status: e.status, value: e.value, error: e.error, artifacts: e.artifacts, statistics: e.statistics }));
        }
      }
    },

    async answerApproval(runId, requestId, decision) {
      const mark = (d: ApprovalDecision | undefined) =>
        update(runId, (run) => ({ approvals: run.approvals.map((a) => (a.requestId === requestId ? { ...a, decision: d } : a)) }));
      mark(decision);
      const result = await call(bridge, 'run.approve', { runId, requestId, decision });
      if (!result.ok) {
        mark(undefined);
        update(runId, () => ({ actionError: result.error }));
      }
    },

    applyRun: (runId) => applyAction(runId, 'run.apply', 'applying', 'applied'),
    undoRun: (runId) => applyAction(runId, 'run.undo', 'undoing', 'undone'),
    discardRun: (runId) => applyAction(runId, 'run.discard', 'discarding', 'discarded'),

    async cancelRun(runId) {
      const result = await call(bridge, 'run.cancel', { runId });
      if (!result.ok) update(runId, () => ({ actionError: result.error }));
    },

    async loadPreview(runId, target) {
      if (get().runs[runId]?.previews[target]?.preview) return;
      const setPreview = (view: PreviewView) => update(runId, (run) => ({ previews: { ...run.previews, [target]: view } }));
      setPreview({ loading: true });
      const result = await call(bridge, 'run.preview', { runId, target });
      setPreview(result.ok ? { loading: false, preview: result.value.preview, overwrites: result.value.overwrites } : { loading: false, error: result.error });
    },
  };
};

function previous(state: ApplyState): ApplyState | undefined {
  return state === 'undoing' ? 'applied' : undefined;
}
