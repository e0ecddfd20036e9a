import { useShallow } from 'zustand/react/shallow';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useSwitchboard } from '../../stores';
import { Composer } from './Composer';
import { ConversationList } from './ConversationList';
import { MessageList } from './MessageList';

export function ChatPage() {
  const { sendError, dismiss } = useSwitchboard(useShallow((s) => ({ sendError: s.sendError, dismiss: s.dismissSendError })));
  return (
    <div className="chat-layout">
      <ConversationList />
      <section className="page chat-page" aria-labelledby="chat-title">
        <h1 id="chat-title" className="page__title" tabIndex={-1}>
          Chat
        </h1>
        <MessageList />
        {sendError && <ErrorBanner title="Message not sent." error={sendError} onDismiss={dismiss} />}
        <Composer />
      </section>
    </div>
  );
}
