import type { ClipboardEvent, FormEvent, KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MAX_MESSAGE_CHARS } from '../../../../electron/shared/contract';
import { useSwitchboard } from '../../stores';
import { PushToTalk } from '../voice/PushToTalk';
import { AttachmentChips } from './AttachmentChips';

export function Composer() {
  const { draft, sending, setDraft, sendDraft, attach, uploading } = useSwitchboard(
    useShallow((s) => ({ draft: s.draft, sending: s.sending, setDraft: s.setDraft, sendDraft: s.sendDraft, attach: s.attachFiles, uploading: s.pendingAttachments.some((a) => a.status === 'uploading') })),
  );

  // Pasted images (screenshots) become attachments; pasted text stays text.
  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = [...event.clipboardData.files];
    if (files.length === 0) return;
    event.preventDefault();
    void attach(files);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void sendDraft();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends; Shift+Enter is a newline; Enter that confirms an IME composition is neither.
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    void sendDraft();
  };

  return (
    <form className="composer" onSubmit={submit} aria-busy={sending}>
      <label className="composer__label" htmlFor="composer-input">
        Message
      </label>
      <textarea
        id="composer-input"
        className="composer__input"
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        readOnly={sending}
        rows={3}
        maxLength={MAX_MESSAGE_CHARS}
        placeholder="Ask Switchboard to do something…"
        aria-describedby="composer-hint"
      />
      <AttachmentChips />
      <PushToTalk />
      <div className="composer__footer">
        <p id="composer-hint" className="hint">
          Enter sends. Shift+Enter starts a new line. Drop files anywhere, or paste an image, to attach them.
        </p>
        <p className="composer__status" role="status">
          {sending ? 'Sending…' : ''}
        </p>
        <button type="submit" className="button button--primary" disabled={sending || uploading || draft.trim() === ''}>
          Send
        </button>
      </div>
    </form>
  );
}
