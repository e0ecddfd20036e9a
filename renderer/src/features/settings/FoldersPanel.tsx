import { useId, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { describeError } from '../../components/error-text';
import { useSwitchboard } from '../../stores';

/** Settings → Folders: where Switchboard may read files and, after Apply, write them. */
export function FoldersPanel() {
  const { folders, update, addFolder, error } = useSwitchboard(
    useShallow((s) => ({ folders: s.settings?.workspace.folders ?? [], update: s.updateSettings, addFolder: s.addFolder, error: s.folderError })),
  );
  const [draft, setDraft] = useState('');
  const id = useId();
  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim() === '') return;
    if (await addFolder(draft)) setDraft('');
  };
  return (
    <section className="settings-group" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title" tabIndex={-1}>
        Folders
      </h2>
      <p className="hint">
        Switchboard reads files only inside these folders, and writes into them only when you press Apply. The first one is where new files go.
      </p>
      {folders.length === 0 ? (
        <p>No folder yet: requests that read or write files will ask for one.</p>
      ) : (
        <ul className="folder-list" aria-label="Folders Switchboard may use">
          {folders.map((folder) => (
            <li key={folder}>
              <code>{folder}</code>{' '}
              <button
                type="button"
                className="button button--quiet"
                aria-label={`Remove ${folder}`}
                onClick={() => void update({ workspace: { folders: folders.filter((f) => f !== folder) } })}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="install-form" onSubmit={(event) => void add(event)} aria-label="Add a folder">
        <label htmlFor={`${id}-path`}>Folder path</label>
        <input
          id={`${id}-path`}
          className="text-input"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          placeholder="~/Documents"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        />
        <button type="submit" className="button" disabled={draft.trim() === ''}>
          Add folder
        </button>
      </form>
      <p id={`${id}-hint`} className="hint">
        A full path, or one starting with ~ for your home folder. The folder must already exist.
      </p>
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {describeError(error)}
        </p>
      )}
    </section>
  );
}
