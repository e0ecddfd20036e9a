import { useEffect, useId, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PackSummary } from '../../../../electron/shared/platform';
import { useSwitchboard } from '../../stores';

/**
 * A pack's permissions: each folder and host its manifest asks for, granted or taken back (JavaScript packs,
 * whose process is sandboxed to them), and the pack's APIs allowed "always", each revocable.
 */
export function PackPermissions({ pack }: { pack: PackSummary }) {
  const { always, loadApprovals } = useSwitchboard(useShallow((s) => ({ always: s.alwaysAllowed, loadApprovals: s.loadApprovals })));
  useEffect(() => {
    if (always === null) void loadApprovals();
  }, [always, loadApprovals]);
  const allowed = (always ?? []).filter((api) => pack.apis.includes(api));
  const requested = pack.permissions.folders.length + pack.permissions.hosts.length;
  return (
    <>
      {pack.warnings.length > 0 && <PackWarnings warnings={pack.warnings} />}
      {pack.kind === 'js' && requested > 0 ? <GrantForm pack={pack} /> : <p className="pack-row__permissions">{describe(pack)}</p>}
      {allowed.length > 0 && <AlwaysAllowed pack={pack.name} apis={allowed} />}
    </>
  );
}

/** Text in the pack that reads like instructions to the assistant (issue 18): shown beside its permissions. */
function PackWarnings({ warnings }: { warnings: readonly string[] }) {
  return (
    <div className="pack-row__warnings">
      <p>
        <strong>Warning:</strong> this pack’s text reads like instructions to the assistant. Switchboard keeps it out of the assistant’s prompts; remove the
        pack if you do not trust it.
      </p>
      <ul>
        {warnings.map((warning) => (
          <li key={warning}>{warning}</li>
        ))}
      </ul>
    </div>
  );
}

function describe(pack: PackSummary): string {
  const { folders, hosts } = pack.permissions;
  if (pack.kind === 'builtin') return 'Only the folders you grant under Folders, for each request.';
  if (pack.kind === 'mcp') return 'An MCP server runs as its own program with your account’s rights; every call that changes something asks first.';
  return folders.length === 0 && hosts.length === 0 ? 'No folders, no network.' : '';
}

function GrantForm({ pack }: { pack: PackSummary }) {
  const { activity, save } = useSwitchboard(useShallow((s) => ({ activity: s.packActivity[pack.name], save: s.setPackPermissions })));
  const [folders, setFolders] = useState(() => new Set(pack.granted.folders));
  const [hosts, setHosts] = useState(() => new Set(pack.granted.hosts));
  const id = useId();
  const changed = !sameSet(folders, pack.granted.folders) || !sameSet(hosts, pack.granted.hosts);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(pack.name, { folders: [...folders], hosts: [...hosts] });
  };
  const toggle = (set: Set<string>, update: (next: Set<string>) => void, value: string) => {
    const next = new Set(set);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    update(next);
  };
  return (
    <form className="grant-form" onSubmit={submit} aria-label={`Permissions of ${pack.name}`}>
      {pack.permissions.folders.length > 0 && (
        <fieldset className="plain-fieldset">
          <legend>Folders it may read</legend>
          {pack.permissions.folders.map((folder, i) => (
            <div key={folder} className="checkbox-row">
              <input id={`${id}-f${i}`} type="checkbox" checked={folders.has(folder)} onChange={() => toggle(folders, setFolders, folder)} />
              <label htmlFor={`${id}-f${i}`}>{folder}</label>
            </div>
          ))}
        </fieldset>
      )}
      {pack.permissions.hosts.length > 0 && (
        <fieldset className="plain-fieldset">
          <legend>Hosts it may reach</legend>
          {pack.permissions.hosts.map((host, i) => (
            <div key={host} className="checkbox-row">
              <input id={`${id}-h${i}`} type="checkbox" checked={hosts.has(host)} onChange={() => toggle(hosts, setHosts, host)} />
              <label htmlFor={`${id}-h${i}`}>{host}</label>
            </div>
          ))}
        </fieldset>
      )}
      <button type="submit" className="button" disabled={!changed || activity !== undefined}>
        {activity === 'granting' ? 'Saving…' : `Save permissions of ${pack.name}`}
      </button>
    </form>
  );
}

function AlwaysAllowed({ pack, apis }: { pack: string; apis: string[] }) {
  const revoke = useSwitchboard((s) => s.revokeApproval);
  return (
    <div className="always-allowed" role="group" aria-label={`APIs of ${pack} allowed without asking`}>
      <p>Allowed without asking:</p>
      <ul>
        {apis.map((api) => (
          <li key={api}>
            <code>{api}</code>{' '}
            <button type="button" className="button button--quiet" onClick={() => void revoke(api)}>
              Ask before {api} again
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function sameSet(set: ReadonlySet<string>, list: readonly string[]): boolean {
  return set.size === list.length && list.every((v) => set.has(v));
}
