import { randomUUID } from 'node:crypto';
import type { ChatMessage } from '../../shared/contract';
import { AppError } from '../../shared/result';
import type { EventBus } from '../events';
import type { ConversationStore } from './conversation-store';

export interface ChatTurn {
  conversationId: string;
  message: ChatMessage;
  reply: ChatMessage;
}

/**
 * Runs one chat turn. Until the planner exists (model layer issue) the reply echoes the message, so
 * the whole path (contract, host, store, rendering) is exercised end to end.
 */
export class ChatService {
  constructor(
    private readonly bus: EventBus,
    private readonly conversations: ConversationStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(input: { conversationId?: string; text: string }): Promise<ChatTurn> {
    if (input.conversationId && !this.conversations.has(input.conversationId)) {
      throw new AppError('NOT_FOUND', `conversation ${input.conversationId} does not exist (it may have been deleted)`);
    }
    const conversationId = input.conversationId ?? newId();
    const message = this.message(conversationId, 'user', input.text);
    await this.conversations.append(message);
    this.bus.emit('chat.message', message);
    const reply = this.message(conversationId, 'assistant', `Echo: ${input.text}`);
    await this.conversations.append(reply);
    this.bus.emit('chat.message', reply);
    return { conversationId, message, reply };
  }

  private message(conversationId: string, role: ChatMessage['role'], text: string): ChatMessage {
    return { id: newId(), conversationId, role, text, createdAt: this.now().toISOString() };
  }
}

function newId(): string {
  return randomUUID().replaceAll('-', '');
}
