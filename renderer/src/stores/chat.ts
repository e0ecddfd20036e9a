import type { ChatMessage } from '../../../electron/shared/contract';
import type { ResultError } from '../../../electron/shared/result';
import { call } from './call';
import type { SliceCreator } from './types';

export interface ChatSlice {
  /** Messages in arrival order; core owns them and pushes each one as a `chat.message` event. */
  messages: ChatMessage[];
  conversationId: string | null;
  /** The composer's text. Kept here so a failed send can leave it in place. */
  draft: string;
  sending: boolean;
  sendError: ResultError | null;
  setDraft(text: string): void;
  receiveMessage(message: ChatMessage): void;
  /** Sends the draft; clears it once core confirms, keeps it and sets `sendError` on failure. */
  sendDraft(): Promise<void>;
  dismissSendError(): void;
}

export const createChatSlice: SliceCreator<ChatSlice> =
  ({ bridge }) =>
  (set, get) => ({
    messages: [],
    conversationId: null,
    draft: '',
    sending: false,
    sendError: null,

    setDraft: (draft) => set({ draft }),

    receiveMessage: (message) =>
      set((state) => {
        // Messages of other conversations (another window) are not shown here; a send under way adopts its new one.
        const current = state.conversationId ?? (state.sending ? message.conversationId : null);
        if (message.conversationId !== current) return {};
        return { conversationId: current, messages: upsert(state.messages, message) };
      }),

    async sendDraft() {
      const { draft, sending, conversationId, pendingAttachments } = get();
      if (sending || draft.trim() === '' || pendingAttachments.some((a) => a.status === 'uploading')) return;
      const attachments = pendingAttachments.flatMap((a) => (a.status === 'ready' && a.id ? [a.id] : []));
      set({ sending: true, sendError: null });
      const result = await call(bridge, 'chat.send', {
        ...(conversationId ? { conversationId } : {}),
        text: draft,
        ...(attachments.length ? { attachments } : {}),
      });
      if (!result.ok) {
        set({ sending: false, sendError: result.error });
        return;
      }
      // The events normally delivered both messages already; the reply confirms them if any were missed.
      const { message, reply } = result.value;
      set((state) => ({
        sending: false,
        conversationId: result.value.conversationId,
        messages: upsert(upsert(state.messages, message), reply),
        draft: state.draft === draft ? '' : state.draft,
        // The files went with the message.
        pendingAttachments: state.pendingAttachments.filter((a) => !(a.id && attachments.includes(a.id))),
      }));
    },

    dismissSendError: () => set({ sendError: null }),
  });

function upsert(messages: ChatMessage[], message: ChatMessage): ChatMessage[] {
  const index = messages.findIndex((m) => m.id === message.id);
  if (index === -1) return [...messages, message];
  const next = messages.slice();
  next[index] = message;
  return next;
}
