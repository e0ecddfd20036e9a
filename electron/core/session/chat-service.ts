import { randomUUID } from 'node:crypto';
import type { ChatMessage } from '../../shared/contract';
import { AppError } from '../../shared/result';
import type { EventBus } from '../events';
import type { AttachmentStore } from './attachment-store';
import type { ConversationStore } from './conversation-store';
import { SETUP_HELP, type TurnService } from './turn-service';

export interface ChatTurn {
  conversationId: string;
  message: ChatMessage;
  reply: ChatMessage;
}

/**
 * Runs one chat turn through the planner. Without a turn service (tests of the chat path alone) the
 * reply echoes the message; when no model is configured or usable the reply says how to set one up.
 */
export interface ChatServiceOptions {
  bus: EventBus;
  conversations: ConversationStore;
  now?: () => Date;
  /** The planner; without one (tests of the chat path alone) the reply echoes the message. */
  turns?: TurnService;
  /** The folders the person granted (settings → workspace); a turn reads and stages only inside them. */
  roots?: () => readonly string[];
  attachments?: AttachmentStore;
}

export class ChatService {
  private readonly bus: EventBus;
  private readonly conversations: ConversationStore;
  private readonly now: () => Date;
  private readonly turns?: TurnService;
  private readonly roots: () => readonly string[];
  private readonly attachments?: AttachmentStore;

  constructor(options: ChatServiceOptions) {
    this.bus = options.bus;
    this.conversations = options.conversations;
    this.now = options.now ?? (() => new Date());
    this.turns = options.turns;
    this.roots = options.roots ?? (() => []);
    this.attachments = options.attachments;
  }

  async send(input: { conversationId?: string; text: string; attachments?: readonly string[] }): Promise<ChatTurn> {
    if (input.conversationId && !this.conversations.has(input.conversationId)) {
      throw new AppError('NOT_FOUND', `conversation ${input.conversationId} does not exist (it may have been deleted)`);
    }
    const files = input.attachments?.length ? await this.requireAttachments().resolve(input.attachments) : [];
    const conversationId = input.conversationId ?? newId();
    const message: ChatMessage = {
      ...this.message(conversationId, 'user', input.text),
      ...(files.length ? { attachments: files.map((f) => f.attachment) } : {}),
    };
    await this.conversations.append(message);
    this.bus.emit('chat.message', message);
    const answer = await this.answer(
      conversationId,
      input.text,
      message.id,
      files.map((f) => f.path),
    );
    const reply: ChatMessage = {
      ...this.message(conversationId, 'assistant', answer.text),
      ...(answer.runId ? { runId: answer.runId } : {}),
      ...(answer.turn ? { turn: answer.turn } : {}),
    };
    await this.conversations.append(reply);
    this.bus.emit('chat.message', reply);
    return { conversationId, message, reply };
  }

  private requireAttachments(): AttachmentStore {
    if (!this.attachments) throw new AppError('UNAVAILABLE', 'attachments are not available here');
    return this.attachments;
  }

  private async answer(
    conversationId: string,
    text: string,
    messageId: string,
    attachments: readonly string[] = [],
  ): Promise<Pick<ChatMessage, 'text' | 'runId' | 'turn'>> {
    if (!this.turns) return { text: `Echo: ${text}` };
    const history = (await this.conversations.get(conversationId)).messages.filter((m) => m.id !== messageId).map((m) => ({ role: m.role, text: m.text }));
    const turnId = newId();
    const record: NonNullable<ChatMessage['turn']> = { turnId, status: 'running', steps: [], apis: [], used: [], repairs: 0, artifacts: [] };
    const outcome = await this.turns.run({
      request: text,
      conversationId,
      history,
      roots: this.roots(),
      attachments,
      turnId,
      onEvent: (event) => {
        if (event.type === 'turn.outline') record.steps = event.steps;
        if (event.type === 'turn.toolbox') record.apis = event.apis.map((a) => ({ name: a.name, score: a.score, why: a.why }));
        if (event.type === 'turn.program') record.program = event.program;
        if (event.type === 'turn.repair') record.repairs += 1;
      },
      onRunEvent: (event) => {
        if (event.type === 'run.api.called' && !record.used.includes(event.api)) record.used.push(event.api);
      },
    });
    if (!outcome.ok) return { text: `${SETUP_HELP}\n(${outcome.error.message})` };
    const finished = outcome.value;
    const turn = { ...record, status: finished.status, artifacts: finished.artifacts };
    return { text: finished.answer, turn, ...(finished.runId ? { runId: finished.runId } : {}) };
  }

  private message(conversationId: string, role: ChatMessage['role'], text: string): ChatMessage {
    return { id: newId(), conversationId, role, text, createdAt: this.now().toISOString() };
  }
}

function newId(): string {
  return randomUUID().replaceAll('-', '');
}
