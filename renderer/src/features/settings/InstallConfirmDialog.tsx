import { useEffect, useId, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PackInspection } from '../../../../electron/shared/platform';
import { useSwitchboard } from '../../stores';

/**
 * Before a pack is installed: what it asks for (folders, hosts) and any warnings, with Install / Cancel. A native
 * modal dialog traps focus and returns it on close; Escape cancels. Only Install calls `packs.add`.
 */
export function InstallConfirmDialog({ onInstalled }: { onInstalled: () => void }) {
  const { pending, confirm, cancel } = useSwitchboard(useShallow((s) => ({ pending: s.pendingInstall, confirm: s.confirmInstall, cancel: s.cancelInstall })));
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const open = pending !== null;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // Cancel is the safe default: Enter right after the question installs nothing.
      cancelRef.current?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const install = async () => {
    if (await confirm()) onInstalled();
  };
  return (
    <dialog ref={ref} className="help-overlay install-confirm" aria-labelledby={titleId} onClose={() => open && cancel()}>
      {pending && (
        <>
          <h2 id={titleId}>
            Install {pending.pack.name} {pending.pack.version}?
          </h2>
          <p className="hint">{pending.pack.description}</p>
          <Asks pack={pending.pack} />
          <div className="install-confirm__actions">
            <button type="button" className="button button--primary" onClick={() => void install()}>
              Install
            </button>
            <button type="button" className="button" ref={cancelRef} onClick={() => cancel()}>
              Cancel
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}

function Asks({ pack }: { pack: PackInspection }) {
  const { folders, hosts } = pack.permissions;
  return (
    <>
      <h3 className="subsection-title">It asks for</h3>
      {pack.kind === 'mcp' ? (
        <p>An MCP server runs as its own program with your account’s rights; its tools are listed once it is installed.</p>
      ) : (
        <dl className="pack-row__facts">
          <dt>Folders</dt>
          <dd>{folders.length === 0 ? 'none' : folders.join(', ')}</dd>
          <dt>Network hosts</dt>
          <dd>{hosts.length === 0 ? 'none' : hosts.join(', ')}</dd>
          <dt>APIs</dt>
          <dd>{pack.apis.length === 0 ? 'none' : pack.apis.join(', ')}</dd>
        </dl>
      )}
      {pack.warnings.length > 0 && (
        <>
          <h3 className="subsection-title">Warnings</h3>
          <ul aria-label="Warnings">
            {pack.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
          <p className="hint">Such text is kept out of the assistant’s prompts. Do not install a pack you do not trust.</p>
        </>
      )}
    </>
  );
}
