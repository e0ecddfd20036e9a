import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ChatMessage } from '../../../../electron/shared/contract';
import { useSwitchboard } from '../../stores';
import { RunCard } from '../run/RunCard';
import { Thumbs } from '../../components/Thumbs';
import { fileKind, formatSize } from './file-kind';
import { ProgramDraft } from './ProgramDraft';
import { writingStatus } from './writing-status';
import { TurnDetails } from './TurnDetails';

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
  // Each reply's request: the user message before it (for the reply's thumbs).
  const requests = useMemo(() => {
    const map = new Map<string, string>();
    let last: string | undefined;
    for (const m of messages) {
      if (m.role === 'user') last = m.text;
      else if (last !== undefined) map.set(m.id, last);
    }
    return map;
  }, [messages]);
  const answered = useMemo(() => new Set(messages.flatMap((m) => (m.turn ? [m.turn.turnId] : []))), [messages]);
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
              <MessageItem key={message.id} message={message} request={requests.get(message.id)} />
            ))}
            <LiveTurns conversationId={conversationId} answered={answered} />
          </ol>
        </>
      )}
    </div>
  );
}

function TurnOfMessage({ summary, request }: { summary: NonNullable<ChatMessage['turn']>; request?: string }) {
  const live = useSwitchboard((s) => s.turns[summary.turnId]);
  return (
    <>
      <TurnDetails summary={summary} live={live} />
      {request && summary.used.length > 0 && <Thumbs request={request} apis={summary.used} />}
    </>
  );
}

/** Turns of this conversation under way (their reply has not arrived yet): progress, runs, and Stop. */
function LiveTurns({ conversationId, answered }: { conversationId: string | null; answered: ReadonlySet<string> }) {
  const { turns, cancel } = useSwitchboard(useShallow((s) => ({ turns: s.turns, cancel: s.cancelTurn })));
  const live = Object.values(turns).filter(
    (t) => !answered.has(t.turnId) && !t.status && (t.conversationId === conversationId || (conversationId === null && t.conversationId === undefined)),
  );
  if (live.length === 0) return null;
  return (
    <>
      {live.map((turn) => (
        <li key={turn.turnId} className="message message--assistant message--working">
          <span className="message__role">Switchboard</span>
          {/* The answer streams in as the model writes it (turn.answer deltas); until then, the stage. */}
          <p className="message__text" role="status">
            {turn.answer
              ? turn.answer
              : turn.writing
                ? writingStatus(turn.writing)
                : turn.runIds.length > 0
                  ? 'Running the program…'
                  : turn.programs.length > 0
                    ? 'Checking the program…'
                    : turn.steps.length > 0
                      ? 'Choosing APIs and writing the program…'
                      : 'Planning…'}
          </p>
          {turn.writing && <ProgramDraft draft={turn.writing} />}
          <TurnDetails live={turn} />
          {turn.runIds.map((runId) => (
            <RunCard key={runId} runId={runId} request={turn.request} />
          ))}
          <button type="button" className="button button--quiet" onClick={() => void cancel(turn.turnId)}>
            Stop
          </button>
        </li>
      ))}
    </>
  );
}

const MessageItem = memo(function MessageItem({ message, request }: { message: ChatMessage; request?: string }) {
  return (
    <li className={`message message--${message.role}`}>
      <span className="message__role">{ROLE_LABELS[message.role]}</span>
      <span className="sr-only">: </span>
      <p className="message__text">{message.text}</p>
      {message.attachments && message.attachments.length > 0 && (
        <ul className="message__attachments" aria-label="Attached files">
          {message.attachments.map((a) => (
            <li key={a.id}>
              📎 {a.name}{' '}
              <span className="hint">
                ({fileKind(a.name, a.type)}, {formatSize(a.size)})
              </span>
            </li>
          ))}
        </ul>
      )}
      {message.turn && <TurnOfMessage summary={message.turn} request={request} />}
      {message.runId && <RunCard runId={message.runId} request={request} />}
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
