import { useEffect, useRef } from 'react';
import { BUILT_IN_KEYS, SHORTCUTS } from '../app/shortcuts';

/** The keyboard shortcuts, in a native modal dialog (it traps focus and returns it on close). */
export function HelpOverlay({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const rows = [...mergeByDescription(SHORTCUTS), ...BUILT_IN_KEYS];
  return (
    <dialog ref={ref} className="help-overlay" aria-labelledby="help-title" onClose={onClose}>
      <h2 id="help-title">Keyboard shortcuts</h2>
      <p className="hint">On macOS, Cmd works wherever Ctrl is shown.</p>
      <table className="shortcut-table">
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.keys}-${row.description}`}>
              <td>
                <kbd>{row.keys}</kbd>
              </td>
              <td>{row.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit" className="button button--primary">
          Close
        </button>
      </form>
    </dialog>
  );
}

/** One row per action: `?` and `F1` both open this overlay, shown as `? or F1`. */
function mergeByDescription(shortcuts: readonly { keys: string; description: string }[]): { keys: string; description: string }[] {
  const rows = new Map<string, string[]>();
  for (const s of shortcuts) rows.set(s.description, [...(rows.get(s.description) ?? []), s.keys]);
  return [...rows].map(([description, keys]) => ({ description, keys: keys.join(' or ') }));
}
