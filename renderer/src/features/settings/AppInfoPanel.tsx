import { useShallow } from 'zustand/react/shallow';
import type { HostKind } from '../../../../electron/shared/contract';
import { describeError } from '../../components/error-text';
import { useSwitchboard } from '../../stores';

const HOST_LABELS: Record<HostKind, string> = {
  electron: 'Desktop app',
  web: 'Browser',
  cli: 'Command line',
  test: 'Test',
};

export function AppInfoPanel() {
  const { info, error } = useSwitchboard(useShallow((s) => ({ info: s.info, error: s.infoError })));
  return (
    <section className="settings-group app-info" aria-labelledby="app-info-title">
      <h2 id="app-info-title">About Switchboard</h2>
      {info ? (
        <dl className="info-list">
          <dt>Version</dt>
          <dd>{info.version}</dd>
          <dt>Host</dt>
          <dd>
            {HOST_LABELS[info.host]} <span className="muted">({info.host})</span>
          </dd>
          <dt>Data folder</dt>
          <dd>
            <code>{info.paths.home}</code>
          </dd>
          <dt>Platform</dt>
          <dd>
            {info.platform} ({info.arch})
          </dd>
        </dl>
      ) : error ? (
        <p>Could not load the app details. {describeError(error)}</p>
      ) : (
        <p>Loading…</p>
      )}
    </section>
  );
}
