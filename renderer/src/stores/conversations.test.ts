import { expect, it } from 'vitest';
import type { ChatMessage } from '../../../electron/shared/contract';
import { ok } from '../../../electron/shared/result';
import { fakeBridge, fakeConnection } from './fakes';
import { createSwitchboardStore } from './index';

const msg = (id: string, conversationId: string, text: string): ChatMessage => ({
  id,
  conversationId,
  role: 'user',
  text,
  createdAt: '2026-11-21T10:00:00.000Z',
});

it('shows only the open conversation, adopts the new one during a send, and starts afresh when it is deleted elsewhere', async () => {
  const fake = fakeBridge({
    'conversations.get': ({ id }) =>
      ok({ conversation: { id, title: 't', createdAt: '', updatedAt: '', messageCount: 1, preview: '' }, messages: [msg('m1', id, 'hi')] }),
    'conversations.list': () => ok([]),
    'chat.send': ({ text }) => {
      // Core pushes the events before it answers.
      fake.emit('chat.message', msg('u1', 'c-new', text));
      return ok({ conversationId: 'c-new', message: msg('u1', 'c-new', text), reply: msg('r1', 'c-new', `Echo: ${text}`) });
    },
  });
  const store = createSwitchboardStore({ bridge: fake.bridge, connection: fakeConnection().connection });
  const stop = store.getState().start();

  fake.emit('chat.message', msg('x', 'other', 'from another window'));
  expect(store.getState().messages).toEqual([]);

  store.getState().setDraft('hello');
  await store.getState().sendDraft();
  expect(store.getState().conversationId).toBe('c-new');
  expect(store.getState().messages.map((m) => m.text)).toEqual(['hello', 'Echo: hello']);

  await store.getState().openConversation('c-old');
  expect(store.getState()).toMatchObject({ conversationId: 'c-old', messages: [{ text: 'hi' }] });
  fake.emit('chat.message', msg('y', 'c-new', 'late message of the other one'));
  expect(store.getState().messages).toHaveLength(1);

  fake.emit('conversations.changed', { kind: 'deleted', id: 'c-old' });
  expect(store.getState()).toMatchObject({ conversationId: null, messages: [] });
  stop();
});
