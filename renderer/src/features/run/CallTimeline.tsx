import type { CallView } from '../../stores';
import { formatJson } from './format-json';

/** The steps of a run: each API call with its arguments, then its result or error and duration. */
export function CallTimeline({ calls, logs }: { calls: CallView[]; logs: string[] }) {
  if (calls.length === 0 && logs.length === 0) return null;
  return (
    <div className="call-timeline">
      {calls.length > 0 && (
        <ol className="call-list" aria-label="Steps">
          {calls.map((c) => (
            <li key={c.callId} className={`call call--${c.error ? 'error' : c.durationMs === undefined ? 'running' : 'ok'}`}>
              <details>
                <summary>
                  <code>{c.api}</code>{' '}
                  {c.error ? `failed: ${c.error.code}` : c.durationMs === undefined ? 'running…' : `done in ${Math.round(c.durationMs)} ms`}
                </summary>
                <p className="call__label">Arguments</p>
                <pre className="code-block">
                  <code>{formatJson(c.args)}</code>
                </pre>
                {c.error ? (
                  <p className="run-error">{c.error.message}</p>
                ) : (
                  c.durationMs !== undefined && (
                    <>
                      <p className="call__label">Result</p>
                      <pre className="code-block">
                        <code>{formatJson(c.value)}</code>
                      </pre>
                    </>
                  )
                )}
              </details>
            </li>
          ))}
        </ol>
      )}
      {logs.length > 0 && (
        <details className="run-logs">
          <summary>Log ({logs.length} lines)</summary>
          <pre className="code-block">{logs.join('\n')}</pre>
        </details>
      )}
    </div>
  );
}
