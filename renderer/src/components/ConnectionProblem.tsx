import { useShallow } from 'zustand/react/shallow';
import { useSwitchboard } from '../stores';

/**
 * Shown instead of the pages when no connection could be made. A browser cannot see why a WebSocket
 * upgrade failed (a 401 looks like a closed port), so the text names both causes.
 */
export function ConnectionProblem() {
  const { status, retry } = useSwitchboard(useShallow((s) => ({ status: s.connection.status, retry: s.retryConnection })));
  return (
    <section className="connection-problem" aria-labelledby="connection-problem-title">
      <h1 id="connection-problem-title" tabIndex={-1}>
        Cannot connect to Switchboard
      </h1>
      <div role="alert">
        {status === 'no-token' && (
          <p>
            This page is not authorised: it was opened without its access token. Open the full address the Switchboard host printed when it started (it ends in{' '}
            <code>?token=…</code>).
          </p>
        )}
        {status === 'unreachable' && (
          <p>
            The connection was refused. Either Switchboard is not running, or this page is not authorised because its access token is wrong or out of date. Open
            the address the Switchboard host printed when it started (it ends in <code>?token=…</code>).
          </p>
        )}
        {status === 'closed' && <p>The connection to Switchboard was closed. Reload the page to connect again.</p>}
      </div>
      {status === 'unreachable' && (
        <p>
          Switchboard keeps trying in the background.{' '}
          <button type="button" className="button" onClick={retry}>
            Try again now
          </button>
        </p>
      )}
    </section>
  );
}
