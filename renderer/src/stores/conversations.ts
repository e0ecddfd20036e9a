import type { ConversationChanged, ConversationListEntry } from '../../../electron/shared/conversations';
import type { ResultError } from '../../../electron/shared/result';
import { call } from './call';
import type { SliceCreator } from './types';

export interface ConversationsSlice {
  /** The sidebar list (filtered by `conversationQuery`), null until loaded. */
  conversations: ConversationListEntry[] | null;
  conversationQuery: string;
  conversationsError: ResultError | null;
  loadConversations(): Promise<void>;
  searchConversations(query: string): Promise<void>;
  /** Shows a stored conversation in the chat. */
  openConversation(id: string): Promise<void>;
  /** Starts an empty conversation; it is stored with its first message. */
  newConversation(): void;
  renameConversation(id: string, title: string): Promise<boolean>;
  deleteConversation(id: string): Promise<void>;
  receiveConversationChange(change: ConversationChanged): void;
  dismissConversationsError(): void;
}

export const createConversationsSlice: SliceCreator<ConversationsSlice> =
  ({ bridge }) =>
  (set, get) => {
    // A newer list request wins over a slower older one (typing in the search box).
    let listRequest = 0;

    return {
      conversations: null,
      conversationQuery: '',
      conversationsError: null,

      async loadConversations() {
        const asked = ++listRequest;
        const query = get().conversationQuery.trim();
        const result = await call(bridge, 'conversations.list', query ? { query } : {});
        if (asked !== listRequest) return;
        set(result.ok ? { conversations: result.value, conversationsError: null } : { conversationsError: result.error });
      },

      async searchConversations(query) {
        set({ conversationQuery: query });
        await get().loadConversations();
      },

      async openConversation(id) {
        const result = await call(bridge, 'conversations.get', { id });
        if (!result.ok) return set({ conversationsError: result.error });
        set({ conversationId: id, messages: result.value.messages, sendError: null });
      },

      newConversation: () => set({ conversationId: null, messages: [], sendError: null }),

      async renameConversation(id, title) {
        const result = await call(bridge, 'conversations.rename', { id, title });
        if (!result.ok) set({ conversationsError: result.error });
        return result.ok;
      },

      async deleteConversation(id) {
        const result = await call(bridge, 'conversations.delete', { id });
        if (!result.ok) return set({ conversationsError: result.error });
        if (get().conversationId === id) get().newConversation();
      },

      receiveConversationChange(change) {
        if (change.kind === 'deleted' && get().conversationId === change.id) get().newConversation();
        void get().loadConversations();
      },

      dismissConversationsError: () => set({ conversationsError: null }),
    };
  };
