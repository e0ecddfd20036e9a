import type { EventPayload } from '../../../electron/shared/contract';
import type { ArtifactPreviewView } from '../../../electron/shared/preview';
import type { ResultError } from '../../../electron/shared/result';
import type { ApprovalDecision, RunEventName } from '../../../electron/shared/run';
import { decideApproval, emptyRunRecord, reduceRunEvent, type ApplyState, type RunRecord } from '../../../electron/shared/run-view';
import { dropOldestFinished } from './bounded';
import { call } from './call';
import type { SliceCreator } from './types';

export type { ApprovalView, CallView } from '../../../electron/shared/run-view';

export interface PreviewView {
  loading: boolean;
  preview?: ArtifactPreviewView;
  overwrites?: boolean;
  error?: ResultError;
}

/** A run as the window shows it: its record (folded from run.* events, or read back after a restart) plus UI state. */
export interface RunView extends RunRecord {
  actionError?: ResultError;
  previews: Record<string, PreviewView>;
}

/** Runs kept in the window; older finished ones are dropped so a long session stays lean. */
export const MAX_RUNS = 50;

export interface RunsSlice {
  runs: Record<string, RunView>;
  receiveRunEvent<E extends RunEventName>(name: E, payload: EventPayload<E>): void;
  answerApproval(runId: string, requestId: string, decision: ApprovalDecision): Promise<void>;
  applyRun(runId: string): Promise<void>;
  undoRun(runId: string): Promise<void>;
  discardRun(runId: string): Promise<void>;
  cancelRun(runId: string): Promise<void>;
  loadPreview(runId: string, target: string): Promise<void>;
  /** Reads a run's stored record when the window has none (a turn from before a restart). */
  loadRun(runId: string): Promise<void>;
}

function emptyRun(runId: string): RunView {
  return { ...emptyRunRecord(runId), previews: {} };
}

export const createRunsSlice: SliceCreator<RunsSlice> =
  ({ bridge }) =>
  (set, get) => {
    // A change that hands back the run itself (an event the record ignores) leaves the state untouched.
    const update = (runId: string, change: (run: RunView) => Partial<RunView>) =>
      set((state) => {
        const run = state.runs[runId] ?? emptyRun(runId);
        const changed = change(run);
        if (changed === run) return state;
        const runs = { ...state.runs, [runId]: { ...run, ...changed } };
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
        update((payload as { runId: string }).runId, (run) => reduceRunEvent(run, name, payload));
      },

      async loadRun(runId) {
        if (get().runs[runId]) return;
        const result = await call(bridge, 'run.get', { runId });
        // A run that started meanwhile has live events; they win over the stored record.
        if (result.ok && !get().runs[runId]) update(runId, () => result.value);
      },

      async answerApproval(runId, requestId, decision) {
        const mark = (d: ApprovalDecision | undefined) => update(runId, (run) => decideApproval(run, requestId, d));
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
        setPreview(
          result.ok ? { loading: false, preview: result.value.preview, overwrites: result.value.overwrites } : { loading: false, error: result.error },
        );
      },
    };
  };

function previous(state: ApplyState): ApplyState | undefined {
  return state === 'undoing' ? 'applied' : undefined;
}
