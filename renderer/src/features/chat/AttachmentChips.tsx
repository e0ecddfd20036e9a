import { useShallow } from 'zustand/react/shallow';
import { useSwitchboard } from '../../stores';
import { fileKind, formatSize } from './file-kind';

/** The files that go with the next message, each removable; each names its kind in words and its size. */
export function AttachmentChips() {
  const { pending, remove } = useSwitchboard(useShallow((s) => ({ pending: s.pendingAttachments, remove: s.removeAttachment })));
  if (pending.length === 0) return null;
  return (
    <ul className="attachment-chips" aria-label="Attachments">
      {pending.map((a) => (
        <li key={a.localId} className={`attachment-chip attachment-chip--${a.status}`}>
          <span className="attachment-chip__name">{a.name}</span>
          <span className="attachment-chip__meta">
            {fileKind(a.name, a.type)} · {formatSize(a.size)}
            {a.status === 'uploading' ? ' · adding…' : a.status === 'error' ? ` · not added: ${a.error}` : ''}
          </span>
          <button type="button" className="button button--quiet" aria-label={`Remove ${a.name}`} onClick={() => remove(a.localId)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
