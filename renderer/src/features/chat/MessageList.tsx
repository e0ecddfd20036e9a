import { memo, useEffect, useRef, useState } from 'react';
import type { ChatMessage } from '../../../../electron/shared/contract';
import { useSwitchboard } from '../../stores';
import { RunCard } from '../run/RunCard';

const ROLE_LABELS: Record<ChatMessage['role'], string> = { user: 'You', assistant: 'Switchboard' };

/** Messages rendered at once; earlier ones come on request, so a long conversation keeps a bounded DOM. */
export const MESSAGE_WINDOW = 60;

export function MessageList() {
  const messages = useSwitchboard((s) => s.messages);
  const conversationId = useSwitchboard((s) => s.conversationId);
  const logRef = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState(MESSAGE_WINDOW);
  const [shownFor, setShownFor] = useState(conversationId);
  if (shownFor !== conversationId) {
    // Another conversation opened: back to the latest window (state adjusted during render, not in an effect).
    setShownFor(conversationId);
    setShown(MESSAGE_WINDOW);
  }
  const hidden = Math.max(0, messages.length - shown);
  const visible = hidden > 0 ? messages.slice(hidden) : messages;

  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [messages.length]);

  return (
    // role="log" makes new messages polite live announcements; tabIndex lets keyboard users scroll it.
    <div ref={logRef} className="message-log" role="log" aria-live="polite" aria-label="Conversation" tabIndex={0}>
      {messages.length === 0 ? (
        <p className="message-log__empty">No messages yet. Ask Switchboard for something below.</p>
      ) : (
        <>
          {hidden > 0 && (
            <button type="button" className="button button--quiet message-log__earlier" onClick={() => setShown((n) => n + MESSAGE_WINDOW)}>
              Show {Math.min(hidden, MESSAGE_WINDOW)} earlier messages ({hidden} hidden)
            </button>
          )}
          <ol className="message-list">
            {visible.map((message) => (
              <MessageItem key={message.id} message={message} />
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

const MessageItem = memo(function MessageItem({ message }: { message: ChatMessage }) {
  return (
    <li className={`message message--${message.role}`}>
      <span className="message__role">{ROLE_LABELS[message.role]}</span>
      <span className="sr-only">: </span>
      <p className="message__text">{message.text}</p>
      {message.runId && <RunCard runId={message.runId} />}
      <time className="message__time" dateTime={message.createdAt}>
        {formatTime(message.createdAt)}
      </time>
    </li>
  );
});

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
