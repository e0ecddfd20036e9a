import { useShallow } from 'zustand/react/shallow';
import { useSwitchboard } from '../stores';

/** A non-blocking notice while connecting or reconnecting; the pages stay usable (requests fail clearly). */
export function ConnectionBanner() {
  const { status, failures, retry } = useSwitchboard(
    useShallow((s) => ({ status: s.connection.status, failures: s.connection.failures, retry: s.retryConnection })),
  );
  if (status === 'connecting') {
    return (
      <p className="banner banner--info" role="status">
        Connecting to Switchboard…
      </p>
    );
  }
  if (status !== 'reconnecting') return null;
  return (
    <div className="banner banner--warning" role="status">
      <p className="banner__text">
        <strong>Connection lost.</strong> Reconnecting…
        {failures >= 3 && ' If Switchboard was restarted, open the new address it printed.'}
      </p>
      <button type="button" className="button button--quiet" onClick={retry}>
        Try again now
      </button>
    </div>
  );
}
