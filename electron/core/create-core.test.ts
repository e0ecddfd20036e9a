import { existsSync } from 'node:fs';
import { z } from 'zod';
import { defineApi, definePack } from '../../apis/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { testCore } from '../../test/helpers/core';
import type { ChatMessage } from '../shared/contract';
import { createCore } from './create-core';
import { createLocalClient } from './ipc/local-client';

let env: Awaited<ReturnType<typeof testCore>> | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('createCore', () => {
  it('answers app.info with the data paths under its home', async () => {
    env = await testCore();
    const client = createLocalClient(env.core);
    const info = await client.request('app.info', {});
    expect(info).toMatchObject({ ok: true, value: { name: 'Switchboard', host: 'test', paths: { home: env.home } } });
  });

  it('answers a chat message (no model set up: how to set one up) and emits both messages as events', async () => {
    env = await testCore();
    const client = createLocalClient(env.core);
    const seen: ChatMessage[] = [];
    client.on('chat.message', (m) => seen.push(m));
    const turn = await client.request('chat.send', { text: '  hello  ' });
    expect(turn.ok).toBe(true);
    if (!turn.ok) return;
    expect(turn.value.reply.text).toMatch(/^No model is set up yet/);
    expect(seen.map((m) => [m.role, m.text])).toEqual([
      ['user', 'hello'],
      ['assistant', turn.value.reply.text],
    ]);
    const next = await client.request('chat.send', { conversationId: turn.value.conversationId, text: 'again' });
    expect(next.ok && next.value.conversationId).toBe(turn.value.conversationId);
  });

  it('keeps conversations across a restart, and refuses a message to a deleted one', async () => {
    env = await testCore();
    const client = createLocalClient(env.core);
    const first = await client.request('chat.send', { text: 'plan the offsite' });
    if (!first.ok) throw new Error(first.error.message);
    const id = first.value.conversationId;
    await client.request('chat.send', { conversationId: id, text: 'and book rooms' });
    await env.core.dispose();
    const again = await createCore({ host: 'test', home: env.home, env: {}, appVersion: '0.0.0-test', logSinks: [] });
    try {
      const reopened = createLocalClient(again);
      expect(await reopened.request('conversations.list', {})).toMatchObject({
        ok: true,
        value: [{ id, title: 'plan the offsite', messageCount: 4, preview: expect.stringMatching(/^No model is set up yet/) }],
      });
      expect(await reopened.request('conversations.list', { query: 'rooms' })).toMatchObject({ ok: true, value: [{ id, match: 'and book rooms' }] });
      expect(await reopened.request('conversations.delete', { id })).toEqual({ ok: true, value: { id } });
      expect(await reopened.request('chat.send', { conversationId: id, text: 'hello?' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await reopened.request('conversations.get', { id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    } finally {
      await again.dispose();
    }
  });

  it('refuses an empty message and an oversized one', async () => {
    env = await testCore();
    const client = createLocalClient(env.core);
    expect(await client.request('chat.send', { text: '   ' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await client.request('chat.send', { text: 'x'.repeat(40_000) })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('keeps settings across a restart on the same home', async () => {
    env = await testCore();
    await createLocalClient(env.core).request('settings.set', { appearance: { theme: 'dark' } });
    const again = await createCore({ host: 'test', home: env.home, env: {}, appVersion: '0', logSinks: [] });
    try {
      expect((await createLocalClient(again).request('settings.get', {})) as unknown).toMatchObject({ ok: true, value: { appearance: { theme: 'dark' } } });
    } finally {
      await again.dispose();
    }
  });

  it('writes its log as JSON lines under logs/ and releases listeners on dispose', async () => {
    env = await testCore();
    const before = env.core.bus.listenerCount;
    createLocalClient(env.core);
    expect(env.core.bus.listenerCount).toBe(before + 1);
    expect(existsSync(`${env.home}/logs/switchboard.log`)).toBe(true);
    await env.core.dispose();
    expect(env.core.bus.listenerCount).toBe(0);
  });

  it('resolves its home from SWITCHBOARD_HOME when none is given', async () => {
    env = await testCore();
    const core = await createCore({ host: 'test', env: { SWITCHBOARD_HOME: env.home }, appVersion: '0' });
    try {
      expect(core.paths.home).toBe(env.home);
    } finally {
      await core.dispose();
    }
  });

  it('hands each built-in pack its own settings section and pack.<name>.* secrets as ctx.settings', async () => {
    const probe = definePack({
      name: 'probe',
      version: '1.0.0',
      description: 'reports what ctx.settings holds',
      apis: [
        defineApi({
          name: 'read',
          description: 'reads the settings',
          parameters: z.object({}),
          returns: z.unknown(),
          effects: 'read',
          run: async (_args, ctx) => ({
            values: ctx.settings?.values,
            secret: await ctx.settings?.secret('token'),
            other: await ctx.settings?.secret('missing'),
          }),
        }),
      ],
    });
    env = await testCore({ packs: [probe] });
    await env.core.settings.set({ packs: { probe: { host: 'smtp.example.com' }, other: { x: 1 } } });
    await env.core.secrets.set('pack.probe.token', 't0k3n');
    const call = () => env!.core.packs.call('probe.read', {}, { signal: new AbortController().signal, roots: [] });
    expect(await call()).toEqual({ ok: true, value: { values: { host: 'smtp.example.com' }, secret: 't0k3n', other: undefined } });
    await env.core.settings.set({ packs: { probe: null } });
    expect(await call()).toMatchObject({ ok: true, value: { values: {} } });
    expect(env.core.settings.get().packs).toEqual({ other: { x: 1 } });
  });
});
