import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  chatMessageSchema,
  ID_PATTERN,
  MAX_TITLE_CHARS,
  type ChatMessage,
  type ConversationChanged,
  type ConversationListEntry,
  type ConversationSummary,
} from '../../shared/conversations';
import { AppError } from '../../shared/result';
import { writeFileAtomic } from '../config/atomic-write';
import { redactStrings } from '../log/redact';
import { parseJsonOrUndefined } from '../config/json-file';
import type { Logger } from '../log/logger';

const fileSchema = z.object({
  version: z.literal(1),
  id: z.string().regex(ID_PATTERN),
  title: z.string(),
  /** True once the person renamed it, so the first message no longer sets the title. */
  titled: z.boolean().default(false),
  createdAt: z.string(),
  updatedAt: z.string(),
  messages: z.array(chatMessageSchema),
});
type ConversationFile = z.infer<typeof fileSchema>;

const PREVIEW_CHARS = 120;

/**
 * Conversations on disk, one JSON file each in the conversations folder, written atomically. All are
 * loaded at start (a corrupt file is kept aside, never lost) so listing and search need no disk reads;
 * writes of one conversation are serialised so the file always holds the latest state.
 */
export class ConversationStore {
  private readonly conversations = new Map<string, ConversationFile>();
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    private readonly dir: string,
    private readonly logger: Logger,
    private readonly emit: (change: ConversationChanged) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async load(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    for (const entry of await readdir(this.dir)) {
      if (!entry.endsWith('.json')) continue;
      const file = join(this.dir, entry);
      const parsed = fileSchema.safeParse(parseJsonOrUndefined(await readFile(file, 'utf8')));
      if (parsed.success && `${parsed.data.id}.json` === entry) {
        this.conversations.set(parsed.data.id, parsed.data);
        continue;
      }
      const aside = `${file}.corrupt-${Date.now()}`;
      this.logger.warn('conversation file is unreadable; kept aside', { file, aside });
      await rename(file, aside);
    }
  }

  /** Newest first; with a query, only conversations whose title or messages contain every word of it. */
  list(options: { query?: string; limit?: number } = {}): ConversationListEntry[] {
    const words = (options.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const sorted = [...this.conversations.values()].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    const out: ConversationListEntry[] = [];
    for (const conversation of sorted) {
      if (out.length >= (options.limit ?? 200)) break;
      if (words.length === 0) {
        out.push(summary(conversation));
        continue;
      }
      const match = findMatch(conversation, words);
      if (match !== undefined) out.push({ ...summary(conversation), match });
    }
    return out;
  }

  get(id: string): { conversation: ConversationSummary; messages: ChatMessage[] } {
    const conversation = this.require(id);
    return { conversation: summary(conversation), messages: [...conversation.messages] };
  }

  has(id: string): boolean {
    return this.conversations.has(id);
  }

  /** Appends a message, creating the conversation on its first message (titled from it). */
  async append(original: ChatMessage): Promise<void> {
    // A key an endpoint echoed into an error never reaches conversations/<id>.json.
    const message = redactStrings(original);
    let conversation = this.conversations.get(message.conversationId);
    const created = !conversation;
    if (!conversation) {
      conversation = {
        version: 1,
        id: message.conversationId,
        title: '',
        titled: false,
        createdAt: message.createdAt,
        updatedAt: message.createdAt,
        messages: [],
      };
      this.conversations.set(conversation.id, conversation);
    }
    conversation.messages.push(message);
    conversation.updatedAt = message.createdAt;
    if (!conversation.titled && conversation.title === '' && message.role === 'user') conversation.title = titleFrom(message.text);
    await this.persist(conversation);
    this.emit({ kind: created ? 'created' : 'updated', id: conversation.id, conversation: summary(conversation) });
  }

  async rename(id: string, title: string): Promise<ConversationSummary> {
    const conversation = this.require(id);
    conversation.title = title.trim().slice(0, MAX_TITLE_CHARS);
    conversation.titled = true;
    conversation.updatedAt = this.now().toISOString();
    await this.persist(conversation);
    const result = summary(conversation);
    this.emit({ kind: 'renamed', id, conversation: result });
    return result;
  }

  async delete(id: string): Promise<void> {
    this.require(id);
    this.conversations.delete(id);
    await this.queue(id, () => rm(join(this.dir, `${id}.json`), { force: true }));
    this.emit({ kind: 'deleted', id });
  }

  /** Resolves once every pending write has landed. */
  async flush(): Promise<void> {
    await Promise.all(this.writes.values());
  }

  private require(id: string): ConversationFile {
    const conversation = this.conversations.get(id);
    if (!conversation) throw new AppError('NOT_FOUND', `conversation ${id} does not exist`);
    return conversation;
  }

  private persist(conversation: ConversationFile): Promise<void> {
    const text = JSON.stringify(conversation);
    return this.queue(conversation.id, () => writeFileAtomic(join(this.dir, `${conversation.id}.json`), text));
  }

  private queue(id: string, write: () => Promise<unknown>): Promise<void> {
    const next = (this.writes.get(id) ?? Promise.resolve()).then(write).then(() => undefined);
    const settled = next.catch(() => undefined);
    this.writes.set(id, settled);
    void settled.then(() => {
      if (this.writes.get(id) === settled) this.writes.delete(id);
    });
    return next;
  }
}

function summary(c: ConversationFile): ConversationSummary {
  const last = c.messages.at(-1);
  return {
    id: c.id,
    title: c.title || 'New conversation',
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    messageCount: c.messages.length,
    preview: last ? oneLine(last.text).slice(0, PREVIEW_CHARS) : '',
  };
}

function titleFrom(text: string): string {
  const line = oneLine(text);
  return line.length <= 60 ? line : `${line.slice(0, 59).trimEnd()}…`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The text around the first message (or the title) holding the first word, when all words occur. */
function findMatch(c: ConversationFile, words: string[]): string | undefined {
  const haystacks = [c.title, ...c.messages.map((m) => m.text)];
  const all = haystacks.join('\n').toLowerCase();
  if (!words.every((w) => all.includes(w))) return undefined;
  for (const text of haystacks) {
    const at = text.toLowerCase().indexOf(words[0]!);
    if (at < 0) continue;
    const start = Math.max(0, at - 40);
    const snippet = oneLine(text.slice(start, at + words[0]!.length + 60));
    return `${start > 0 ? '…' : ''}${snippet}`;
  }
  return undefined;
}
