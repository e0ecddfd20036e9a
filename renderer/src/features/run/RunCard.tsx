import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useSwitchboard } from '../../stores';
import { ApprovalCard } from './ApprovalCard';
import { ArtifactList } from './ArtifactList';
import { CallTimeline } from './CallTimeline';

const STATUS_TEXT: Record<string, string> = {
  running: 'Running…',
  completed: 'Done',
  failed: 'Failed',
  refused: 'Refused by the checker',
  limit: 'Stopped by a limit',
  denied: 'Stopped: an approval was denied',
  cancelled: 'Cancelled',
};

/**
 * One run of an action program inside a turn: approvals inline, the step timeline, artifacts with Apply.
 * `request` is what the person asked for (thumbs on an applied artifact are recorded against it).
 */
export function RunCard({ runId, request }: { runId: string; request?: string }) {
  const { run, cancel, loadRun } = useSwitchboard(useShallow((s) => ({ run: s.runs[runId], cancel: s.cancelRun, loadRun: s.loadRun })));
  const missing = !run;
  useEffect(() => {
    if (missing) void loadRun(runId);
  }, [missing, loadRun, runId]);
  if (!run) return <p className="hint">Waiting for the run to start…</p>;
  // A finished run asks nothing any more (a record read after a restart may hold unanswered requests).
  const pending = run.status === 'running' ? run.approvals.filter((a) => !a.decision) : [];
  return (
    <section className="run-card" aria-label={`Run ${runId}`}>
      <div className="run-card__header">
        <p className={`run-status run-status--${run.status}`} role="status">
          {STATUS_TEXT[run.status] ?? run.status}
          {run.statistics ? ` · ${run.statistics.calls} call${run.statistics.calls === 1 ? '' : 's'} · ${Math.round(run.statistics.durationMs)} ms` : ''}
        </p>
        {run.status === 'running' && (
          <button type="button" className="button button--quiet" onClick={() => void cancel(runId)}>
            Stop
          </button>
        )}
      </div>
      {pending.map((approval) => (
        <ApprovalCard key={approval.requestId} runId={runId} approval={approval} />
      ))}
      {run.error && (
        <p className="run-error">
          <strong>{run.error.code}</strong> {run.error.message}
        </p>
      )}
      {run.actionError && <ErrorBanner title="That did not work." error={run.actionError} />}
      <CallTimeline calls={run.calls} logs={run.logs} />
      {run.artifacts.length > 0 && <ArtifactList run={run} request={request} />}
    </section>
  );
}
