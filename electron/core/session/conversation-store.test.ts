import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/helpers/temp-home';
import type { ChatMessage, ConversationChanged } from '../../shared/conversations';
import { AppError } from '../../shared/result';
import { memorySink, createLogger } from '../log/logger';
import { ConversationStore } from './conversation-store';

let home: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => (home = await tempHome()));
afterEach(() => home.cleanup());

let clock = Date.parse('2026-11-21T10:00:00.000Z');
const now = () => new Date((clock += 1000));

async function open(changes: ConversationChanged[] = [], logs = memorySink()) {
  const store = new ConversationStore(join(home.dir, 'conversations'), createLogger({ sinks: [logs] }), (c) => changes.push(c), now);
  await store.load();
  return store;
}

let n = 0;
function message(conversationId: string, role: ChatMessage['role'], text: string): ChatMessage {
  return { id: `m${++n}`, conversationId, role, text, createdAt: now().toISOString() };
}

describe('ConversationStore', () => {
  it('creates a conversation on its first message, titled from it, and lists newest first after a restart', async () => {
    const changes: ConversationChanged[] = [];
    const store = await open(changes);
    await store.append(message('a', 'user', 'Make a  deck\nfrom sales.xlsx'));
    await store.append(message('a', 'assistant', 'Here is the deck.'));
    await store.append(message('b', 'user', 'x'.repeat(80)));
    expect(changes.map((c) => `${c.kind} ${c.id}`)).toEqual(['created a', 'updated a', 'created b']);

    const again = await open();
    const list = again.list();
    expect(list.map((c) => [c.id, c.title, c.messageCount])).toEqual([
      ['b', `${'x'.repeat(59)}…`, 1],
      ['a', 'Make a deck from sales.xlsx', 2],
    ]);
    expect(list[1]!.preview).toBe('Here is the deck.');
    expect(again.get('a').messages.map((m) => m.text)).toEqual(['Make a  deck\nfrom sales.xlsx', 'Here is the deck.']);
  });

  it('searches titles and messages for every word, with the text around the hit', async () => {
    const store = await open();
    await store.append(message('a', 'user', 'Budget for 2027'));
    await store.append(message('a', 'assistant', 'I added a totals row to budget.xlsx and a chart slide.'));
    await store.append(message('b', 'user', 'Rename the photos by date'));
    expect(store.list({ query: 'TOTALS chart' }).map((c) => [c.id, c.match])).toEqual([['a', 'I added a totals row to budget.xlsx and a chart slide.']]);
    expect(store.list({ query: 'photos' }).map((c) => c.id)).toEqual(['b']);
    expect(store.list({ query: 'photos budget' })).toEqual([]);
    expect(store.list({ query: '   ' }).map((c) => c.id)).toEqual(['b', 'a']);
    expect(store.list({ limit: 1 }).map((c) => c.id)).toEqual(['b']);
  });

  it('renames (the title then stays) and deletes, on disk too', async () => {
    const changes: ConversationChanged[] = [];
    const store = await open(changes);
    await store.append(message('a', 'user', 'first'));
    await store.rename('a', '  Quarterly review  ');
    await store.append(message('a', 'user', 'second'));
    expect((await open()).get('a').conversation.title).toBe('Quarterly review');
    await store.delete('a');
    expect(changes.at(-1)).toEqual({ kind: 'deleted', id: 'a' });
    expect(await readdir(join(home.dir, 'conversations'))).toEqual([]);
    expect((await open()).list()).toEqual([]);
    await expect(store.rename('a', 'x')).rejects.toThrow(AppError);
    expect(() => store.get('a')).toThrow(/conversation a does not exist/);
  });

  it('keeps an unreadable file aside with a warning and loads the rest', async () => {
    const store = await open();
    await store.append(message('good', 'user', 'hello'));
    await writeFile(join(home.dir, 'conversations', 'bad.json'), '{ not json');
    await writeFile(join(home.dir, 'conversations', 'renamed.json'), await readFile(join(home.dir, 'conversations', 'good.json')));
    const logs = memorySink();
    const again = await open([], logs);
    expect(again.list().map((c) => c.id)).toEqual(['good']);
    const files = (await readdir(join(home.dir, 'conversations'))).sort();
    expect(files.filter((f) => f.includes('.corrupt-'))).toHaveLength(2);
    expect(logs.records.filter((r) => r.message === 'conversation file is unreadable; kept aside')).toHaveLength(2);
  });

  it('serialises writes, so the file holds every message of a burst', async () => {
    const store = await open();
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.append(message('burst', i % 2 ? 'assistant' : 'user', `m${i}`))));
    await store.flush();
    const onDisk = JSON.parse(await readFile(join(home.dir, 'conversations', 'burst.json'), 'utf8')) as { messages: unknown[] };
    expect(onDisk.messages).toHaveLength(50);
  });
});
