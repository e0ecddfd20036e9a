import { useId, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSwitchboard } from '../../stores';

/** Settings → Folders: where Switchboard may read files and, after Apply, write them. */
export function FoldersPanel() {
  const { folders, update } = useSwitchboard(useShallow((s) => ({ folders: s.settings?.workspace.folders ?? [], update: s.updateSettings })));
  const [draft, setDraft] = useState('');
  const id = useId();
  const add = async (event: FormEvent) => {
    event.preventDefault();
    const folder = draft.trim();
    if (!folder || folders.includes(folder)) return;
    await update({ workspace: { folders: [...folders, folder] } });
    setDraft('');
  };
  return (
    <section className="settings-group" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        Folders
      </h2>
      <p className="hint">Switchboard reads files only inside these folders, and writes into them only when you press Apply. The first one is where new files go.</p>
      {folders.length === 0 ? (
        <p>No folder yet: requests that read or write files will ask for one.</p>
      ) : (
        <ul className="folder-list">
          {folders.map((folder) => (
            <li key={folder}>
              <code>{folder}</code>{' '}
              <button type="button" className="button button--quiet" aria-label={`Stop using ${folder}`} onClick={() => void update({ workspace: { folders: folders.filter((f) => f !== folder) } })}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="install-form" onSubmit={(event) => void add(event)} aria-label="Add a folder">
        <label htmlFor={`${id}-path`}>Folder path</label>
        <input id={`${id}-path`} className="text-input" value={draft} onChange={(event) => setDraft(event.target.value)} placeholder="/home/you/Documents" spellCheck={false} />
        <button type="submit" className="button" disabled={draft.trim() === ''}>
          Add folder
        </button>
      </form>
    </section>
  );
}
