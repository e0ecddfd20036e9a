import { useEffect, useId, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PackSummary } from '../../../../electron/shared/platform';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useSwitchboard } from '../../stores';
import { InstallConfirmDialog } from './InstallConfirmDialog';
import { PackPermissions } from './PackPermissions';

/** Settings → API packs: install from a folder, file, npm name or MCP server; list, update, remove. */
export function PacksPanel() {
  const { packs, packsError, installError, notice, dismiss } = useSwitchboard(
    useShallow((s) => ({ packs: s.packs, packsError: s.packsError, installError: s.installError, notice: s.packNotice, dismiss: s.dismissPackErrors })),
  );
  const loadApprovals = useSwitchboard((s) => s.loadApprovals);
  // "Always allow" answers given in runs since this panel was last open show up here.
  useEffect(() => {
    void loadApprovals();
  }, [loadApprovals]);
  const installed = packs?.filter((p) => p.kind !== 'builtin') ?? [];
  const builtin = packs?.filter((p) => p.kind === 'builtin') ?? [];
  return (
    <section className="settings-group packs-panel" aria-labelledby="packs-title">
      <h2 id="packs-title" className="section-title">
        API packs
      </h2>
      <InstallForm />
      <p className="page__status" role="status">
        {notice ?? ''}
      </p>
      {installError && <ErrorBanner title="Pack not installed." error={installError} onDismiss={dismiss} />}
      {packsError && <ErrorBanner title="Pack action failed." error={packsError} onDismiss={dismiss} />}
      {packs === null ? (
        <p>Loading packs…</p>
      ) : (
        <>
          <h3 className="subsection-title">Installed</h3>
          {installed.length === 0 ? <p className="hint">No packs installed yet.</p> : <PackList packs={installed} removable />}
          <h3 className="subsection-title">Built in</h3>
          {builtin.length === 0 ? <p className="hint">No built-in packs in this build.</p> : <PackList packs={builtin} removable={false} />}
        </>
      )}
    </section>
  );
}

function InstallForm() {
  const { installing, inspect } = useSwitchboard(useShallow((s) => ({ installing: s.installing, inspect: s.inspectPack })));
  const [spec, setSpec] = useState('');
  const [module, setModule] = useState('');
  const id = useId();
  const isMcp = /^mcp(\+http)?:/i.test(spec.trim());

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await inspect(spec, isMcp && module.trim() ? module.trim() : undefined);
  };

  return (
    <form className="install-form" onSubmit={(event) => void submit(event)} aria-label="Install a pack">
      <label htmlFor={`${id}-spec`}>Pack source</label>
      <input
        id={`${id}-spec`}
        className="text-input"
        value={spec}
        onChange={(event) => setSpec(event.target.value)}
        placeholder="/path/to/pack, pack.tgz, pack.zip, npm-name, mcp:command, mcp+http:https://…"
        aria-describedby={`${id}-hint`}
        spellCheck={false}
        autoComplete="off"
      />
      <p id={`${id}-hint`} className="hint">
        A folder, a .tgz made by npm pack, a .zip, an npm package name, <code>mcp:&lt;command&gt;</code> for an MCP server over stdio, or{' '}
        <code>mcp+http:&lt;url&gt;</code> for one over HTTP.
      </p>
      {isMcp && (
        <>
          <label htmlFor={`${id}-module`}>Module name for its tools</label>
          <input id={`${id}-module`} className="text-input" value={module} onChange={(event) => setModule(event.target.value)} placeholder="files" />
        </>
      )}
      <button type="submit" className="button button--primary" disabled={installing || spec.trim() === ''}>
        {installing ? 'Installing…' : 'Install'}
      </button>
      <InstallConfirmDialog
        onInstalled={() => {
          setSpec('');
          setModule('');
        }}
      />
    </form>
  );
}

function PackList({ packs, removable }: { packs: PackSummary[]; removable: boolean }) {
  return (
    <ul className="pack-list">
      {packs.map((pack) => (
        <PackRow key={pack.name} pack={pack} removable={removable} />
      ))}
    </ul>
  );
}

function PackRow({ pack, removable }: { pack: PackSummary; removable: boolean }) {
  const { activity, update, remove } = useSwitchboard(useShallow((s) => ({ activity: s.packActivity[pack.name], update: s.updatePack, remove: s.removePack })));
  const [confirming, setConfirming] = useState(false);
  const headingId = useId();
  return (
    <li className="pack-row" aria-labelledby={headingId}>
      <div className="pack-row__main">
        <h4 id={headingId} className="pack-row__name">
          {pack.name} <span className="pack-row__version">{pack.version}</span>
        </h4>
        <p className="pack-row__description">{pack.description}</p>
        <dl className="pack-row__facts">
          <dt>Kind</dt>
          <dd>{KIND_LABEL[pack.kind]}</dd>
          <dt>APIs</dt>
          <dd>{pack.apis.length === 0 ? 'none' : pack.apis.join(', ')}</dd>
          <dt>Source</dt>
          <dd className="pack-row__source">{pack.source}</dd>
          <dt>Permissions</dt>
          <dd>
            <PackPermissions pack={pack} />
          </dd>
        </dl>
      </div>
      {removable && (
        <div className="pack-row__actions">
          <button type="button" className="button" disabled={activity !== undefined} onClick={() => void update(pack.name)} aria-label={`Update ${pack.name}`}>
            {activity === 'updating' ? 'Updating…' : 'Update'}
          </button>
          {confirming ? (
            <span className="confirm" role="group" aria-label={`Confirm removing ${pack.name}`}>
              <button
                type="button"
                className="button button--danger"
                onClick={() => {
                  setConfirming(false);
                  void remove(pack.name);
                }}
              >
                Remove {pack.name}
              </button>
              <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button type="button" className="button" disabled={activity !== undefined} onClick={() => setConfirming(true)} aria-label={`Remove ${pack.name}…`}>
              {activity === 'removing' ? 'Removing…' : 'Remove…'}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

const KIND_LABEL: Record<PackSummary['kind'], string> = {
  builtin: 'built in',
  js: 'JavaScript pack (own process)',
  mcp: 'MCP server',
  openapi: 'web API (OpenAPI)',
};
