import { useShallow } from 'zustand/react/shallow';
import { useSwitchboard } from '../../stores';

/** Human-readable size: 24 B, 3.1 KB, 2.4 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The files that go with the next message, each removable. */
export function AttachmentChips() {
  const { pending, remove } = useSwitchboard(useShallow((s) => ({ pending: s.pendingAttachments, remove: s.removeAttachment })));
  if (pending.length === 0) return null;
  return (
    <ul className="attachment-chips" aria-label="Attachments">
      {pending.map((a) => (
        <li key={a.localId} className={`attachment-chip attachment-chip--${a.status}`}>
          <span className="attachment-chip__name">{a.name}</span>
          <span className="attachment-chip__meta">
            {a.type || 'file'} · {formatSize(a.size)}
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
