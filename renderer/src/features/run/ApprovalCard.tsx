import { useSwitchboard, type ApprovalView } from '../../stores';
import { formatJson } from './format-json';

const WHY: Record<ApprovalView['effects'], string> = {
  external: 'It reaches outside this computer (network or devices).',
  destructive: 'It deletes or overwrites something, or sends something on your behalf.',
};

/** An approval asked inline in the turn (never a modal over the context): the exact call and why it asks. */
export function ApprovalCard({ runId, approval }: { runId: string; approval: ApprovalView }) {
  const answer = useSwitchboard((s) => s.answerApproval);
  const titleId = `approval-${approval.requestId}`;
  return (
    <div className="approval-card" role="group" aria-labelledby={titleId}>
      <p id={titleId} className="approval-card__title">
        <strong>Approve {approval.api}?</strong> {WHY[approval.effects]}
      </p>
      <p>{approval.summary}</p>
      <pre className="code-block" tabIndex={0} aria-label="Arguments of the call">
        <code>{formatJson(approval.args)}</code>
      </pre>
      <div className="approval-card__actions">
        <button type="button" className="button button--primary" onClick={() => void answer(runId, approval.requestId, 'once')}>
          Approve once
        </button>
        <button type="button" className="button" onClick={() => void answer(runId, approval.requestId, 'run')}>
          Allow for this run
        </button>
        <button type="button" className="button" onClick={() => void answer(runId, approval.requestId, 'always')}>
          Always allow {approval.api}
        </button>
        <button type="button" className="button button--danger" onClick={() => void answer(runId, approval.requestId, 'deny')}>
          Deny
        </button>
      </div>
    </div>
  );
}
