import type { ChatMessage } from '../../../../electron/shared/contract';
import type { TurnView } from '../../stores';

type TurnSummary = NonNullable<ChatMessage['turn']>;

/** What the planner did: the outline, the APIs it chose (score and why), and the program it ran. */
export function TurnDetails({ summary, live }: { summary?: TurnSummary; live?: TurnView }) {
  const steps = live?.steps.length ? live.steps : (summary?.steps ?? []);
  const apis = live?.apis.length ? live.apis : (summary?.apis ?? []);
  const program = live?.programs.at(-1)?.program ?? summary?.program;
  const repairs = live ? live.repairs.length : (summary?.repairs ?? 0);
  const failedCheck = live?.diagnostics.filter((d) => !d.ok).at(-1);
  if (steps.length === 0 && apis.length === 0 && !program) return null;
  return (
    <div className="turn-details">
      {steps.length > 0 && (
        <details open={!summary}>
          <summary>
            Plan ({steps.length} step{steps.length === 1 ? '' : 's'})
          </summary>
          <ol className="turn-steps" aria-label="Plan">
            {steps.map((step, i) => (
              <li key={i}>
                {step.action}
                {step.modules.length > 0 && <span className="hint"> · {step.modules.join(', ')}</span>}
              </li>
            ))}
          </ol>
        </details>
      )}
      {apis.length > 0 && (
        <details>
          <summary>APIs chosen ({apis.length})</summary>
          <ul className="turn-apis" aria-label="APIs chosen">
            {apis.map((api) => (
              <li key={api.name}>
                <code>{api.name}</code>{' '}
                <span className="hint">
                  score {api.score.toFixed(3)} · {api.why}
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {program && (
        <details>
          <summary>Program{repairs > 0 ? ` (repaired ${repairs} time${repairs === 1 ? '' : 's'})` : ''}</summary>
          <pre className="code-block program-code" tabIndex={0} aria-label="Program">
            <code>{program}</code>
          </pre>
        </details>
      )}
      {failedCheck && !live?.status && <p className="hint">The checker found a problem; the program is being repaired.</p>}
    </div>
  );
}
