import type { Handlers } from '../../shared/contract';
import type { RunRecord } from '../../shared/run-view';
import { gatherExport, renderExport } from '../export/conversation-export';
import type { AttachmentStore } from './attachment-store';
import type { ChatService } from './chat-service';
import type { ConversationStore } from './conversation-store';
import type { TurnService } from './turn-service';

type ChatRoute =
  | 'chat.send'
  | 'turn.cancel'
  | 'attachments.add'
  | 'conversations.list'
  | 'conversations.get'
  | 'conversations.rename'
  | 'conversations.export'
  | 'conversations.delete';

export interface ChatHandlerDeps {
  chat: ChatService;
  turns: TurnService;
  conversations: ConversationStore;
  attachments: AttachmentStore;
  /** A run's record for the export, undefined when it is gone. */
  runRecord: (runId: string) => Promise<RunRecord | undefined>;
}

/** The conversation routes: a message in (chat.send), a turn cancelled, attachments, and the saved conversations. */
export function chatHandlers({ chat, turns, conversations, attachments, runRecord }: ChatHandlerDeps): Pick<Handlers, ChatRoute> {
  return {
    'chat.send': async (input) => chat.send(input),
    'turn.cancel': async ({ turnId }) => ({ turnId, cancelled: turns.cancel(turnId) }),
    'attachments.add': async ({ name, type, data }) => attachments.add(name, type, Buffer.from(data, 'base64')),
    'conversations.list': async (input) => conversations.list(input),
    'conversations.get': async ({ id }) => conversations.get(id),
    'conversations.rename': async ({ id, title }) => conversations.rename(id, title),
    'conversations.export': async ({ id, format }) => {
      const data = await gatherExport(conversations.get(id), runRecord);
      return { id, format, ...renderExport(data, format) };
    },
    'conversations.delete': async ({ id }) => {
      await conversations.delete(id);
      return { id };
    },
  };
}
