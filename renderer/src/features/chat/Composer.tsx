import { useMemo, useRef, type ClipboardEvent, type FormEvent, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MAX_MESSAGE_CHARS } from '../../../../electron/shared/contract';
import { useSwitchboard } from '../../stores';
import { PushToTalk } from '../voice/PushToTalk';
import { AttachButton } from './AttachButton';
import { AttachmentChips } from './AttachmentChips';
import { caretAllows, IDLE, stepHistory } from './composer-history';

export function Composer() {
  const { draft, sending, setDraft, sendDraft, attach, uploading } = useSwitchboard(
    useShallow((s) => ({
      draft: s.draft,
      sending: s.sending,
      setDraft: s.setDraft,
      sendDraft: s.sendDraft,
      attach: s.attachFiles,
      uploading: s.pendingAttachments.some((a) => a.status === 'uploading'),
    })),
  );

  // Up and Down recall this conversation's earlier requests.
  const messages = useSwitchboard((s) => s.messages);
  const sent = useMemo(() => messages.filter((m) => m.role === 'user').map((m) => m.text), [messages]);
  const cursor = useRef(IDLE);

  // Pasted images (screenshots) become attachments; pasted text stays text.
  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = [...event.clipboardData.files];
    if (files.length === 0) return;
    event.preventDefault();
    void attach(files);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    cursor.current = IDLE;
    void sendDraft();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    const direction = event.key === 'ArrowUp' ? 'up' : event.key === 'ArrowDown' ? 'down' : undefined;
    const box = event.currentTarget;
    if (
      direction &&
      !event.shiftKey &&
      !event.altKey &&
      !event.ctrlKey &&
      !event.metaKey &&
      caretAllows(direction, box.value, box.selectionStart, box.selectionEnd)
    ) {
      const step = stepHistory(sent, cursor.current, direction, draft);
      if (step) {
        event.preventDefault();
        cursor.current = step.cursor;
        setDraft(step.text);
      }
      return;
    }
    // Enter sends; Shift+Enter is a newline; Enter that confirms an IME composition is neither.
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    cursor.current = IDLE;
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
          Enter sends. Shift+Enter starts a new line. Up recalls earlier requests. Attach files with the button, drop them anywhere, or paste an image.
        </p>
        <p className="composer__status" role="status">
          {sending ? 'Sending…' : ''}
        </p>
        <AttachButton disabled={sending} />
        <button type="submit" className="button button--primary" disabled={sending || uploading || draft.trim() === ''}>
          Send
        </button>
      </div>
    </form>
  );
}
