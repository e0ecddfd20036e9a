import { useEffect, useRef } from 'react';
import type { ChatMessage } from '../../../../electron/shared/contract';
import { useSwitchboard } from '../../stores';

const ROLE_LABELS: Record<ChatMessage['role'], string> = { user: 'You', assistant: 'Switchboard' };

export function MessageList() {
  const messages = useSwitchboard((s) => s.messages);
  const logRef = useRef<HTMLDivElement>(null);

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
        <ol className="message-list">
          {messages.map((message) => (
            <li key={message.id} className={`message message--${message.role}`}>
              <span className="message__role">{ROLE_LABELS[message.role]}</span>
              <span className="sr-only">: </span>
              <p className="message__text">{message.text}</p>
              <time className="message__time" dateTime={message.createdAt}>
                {formatTime(message.createdAt)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
