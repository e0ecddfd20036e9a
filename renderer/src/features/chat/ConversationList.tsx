import { useId, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ConversationListEntry } from '../../../../electron/shared/conversations';
import { FOCUS_TARGETS } from '../../app/use-shortcuts';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useSwitchboard } from '../../stores';

/** The conversations sidebar: new, search, open, rename, delete. */
export function ConversationList() {
  const { conversations, query, search, current, create, error, dismiss } = useSwitchboard(
    useShallow((s) => ({
      conversations: s.conversations,
      query: s.conversationQuery,
      search: s.searchConversations,
      current: s.conversationId,
      create: s.newConversation,
      error: s.conversationsError,
      dismiss: s.dismissConversationsError,
    })),
  );
  return (
    <nav className="conversations" aria-label="Conversations">
      <button type="button" className="button button--primary conversations__new" onClick={create} disabled={current === null}>
        New conversation
      </button>
      <label htmlFor={FOCUS_TARGETS.conversationSearch} className="sr-only">
        Search conversations
      </label>
      <input
        id={FOCUS_TARGETS.conversationSearch}
        type="search"
        className="text-input"
        placeholder="Search conversations"
        value={query}
        onChange={(event) => void search(event.target.value)}
      />
      {error && <ErrorBanner title="Conversations." error={error} onDismiss={dismiss} />}
      {conversations === null ? (
        <p className="hint">Loading…</p>
      ) : conversations.length === 0 ? (
        <p className="hint">{query.trim() ? 'No conversation matches.' : 'No conversations yet.'}</p>
      ) : (
        <ul className="conversation-list">
          {conversations.map((conversation) => (
            <ConversationRow key={conversation.id} conversation={conversation} current={conversation.id === current} />
          ))}
        </ul>
      )}
    </nav>
  );
}

type Mode = 'view' | 'rename' | 'confirm-delete';

function ConversationRow({ conversation, current }: { conversation: ConversationListEntry; current: boolean }) {
  const { open, rename, remove } = useSwitchboard(
    useShallow((s) => ({ open: s.openConversation, rename: s.renameConversation, remove: s.deleteConversation })),
  );
  const [mode, setMode] = useState<Mode>('view');
  const [title, setTitle] = useState(conversation.title);
  const inputId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await rename(conversation.id, title)) setMode('view');
  };

  if (mode === 'rename') {
    return (
      <li className="conversation-row">
        <form onSubmit={(event) => void submit(event)} className="conversation-row__rename">
          <label htmlFor={inputId} className="sr-only">
            New title for {conversation.title}
          </label>
          <input
            id={inputId}
            className="text-input"
            value={title}
            maxLength={120}
            autoFocus
            onChange={(event) => setTitle(event.target.value)}
            onKeyDown={(event) => event.key === 'Escape' && setMode('view')}
          />
          <button type="submit" className="button button--quiet" disabled={title.trim() === ''}>
            Save
          </button>
          <button type="button" className="button button--quiet" onClick={() => setMode('view')}>
            Cancel
          </button>
        </form>
      </li>
    );
  }

  return (
    <li className="conversation-row">
      <button type="button" className="list-button" aria-current={current ? 'true' : undefined} onClick={() => void open(conversation.id)}>
        <span className="conversation-row__title">{conversation.title}</span>
        <span className="conversation-row__preview">{conversation.match ?? conversation.preview}</span>
      </button>
      {mode === 'confirm-delete' ? (
        <span className="confirm" role="group" aria-label={`Confirm deleting ${conversation.title}`}>
          <button type="button" className="button button--danger" onClick={() => void remove(conversation.id)}>
            Delete
          </button>
          <button type="button" className="button button--quiet" onClick={() => setMode('view')}>
            Keep
          </button>
        </span>
      ) : (
        <span className="conversation-row__actions">
          <button
            type="button"
            className="button button--quiet"
            aria-label={`Rename ${conversation.title}`}
            onClick={() => {
              setTitle(conversation.title);
              setMode('rename');
            }}
          >
            Rename
          </button>
          <button type="button" className="button button--quiet" aria-label={`Delete ${conversation.title}…`} onClick={() => setMode('confirm-delete')}>
            Delete…
          </button>
        </span>
      )}
    </li>
  );
}
