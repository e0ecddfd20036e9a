import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineApi, definePack } from '../../apis/sdk';
import { createLocalClient } from '../../electron/core/ipc/local-client';
import { REDACTED, redactText } from '../../electron/core/log/redact';
import { testCore } from '../helpers/core';
import { startOpenAiServer, type ScriptedOpenAiServer } from '../helpers/openai-server';

/**
 * Issue 18 item 6: a key echoed by an endpoint's error ("Incorrect API key provided: <key>") is redacted
 * wherever text is stored or returned: conversations/<id>.json, run records, logs, providers.test, turn events.
 */

// Not key-shaped: only the secret store's knowledge of it can redact it.
const WRONG_KEY = 'zz-custom-wrong-key-7f3a9c2e41';
const PACK_TOKEN = 'plain-token-value-5b8d2f7e';

// A pack whose upstream echoes its token in an error, as a careless service does.
const echoPack = definePack({
  name: 'echo',
  version: '1.0.0',
  description: 'Calls a service that echoes its token in errors.',
  apis: [
    defineApi({
      name: 'call',
      description: 'Calls the service. Fails with the service’s own error text.',
      parameters: z.object({}),
      returns: z.object({ ok: z.boolean() }),
      effects: 'read',
      run: async (_args, ctx) => {
        const token = await ctx.settings?.secret('token');
        throw new Error(`service said: invalid token ${token} (also tried Bearer sk-pattern-only-0123456789)`);
      },
    }),
  ],
});

let server: ScriptedOpenAiServer;
beforeEach(async () => {
  server = await startOpenAiServer({ apiKey: 'the-right-key-0000000000', echoKey: true });
});
afterEach(() => server.close());

async function filesUnder(dir: string): Promise<string> {
  const names = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  const texts = await Promise.all(names.map((n) => readFile(join(dir, String(n)), 'utf8').catch(() => '')));
  return texts.join('\n');
}

describe('secrets are redacted wherever text is stored or returned', () => {
  it('redactText: known values and key-shaped values, not prose', () => {
    expect(redactText('Incorrect API key provided: sk-proj-abc123def456ghi.')).toBe(`Incorrect API key provided: ${REDACTED}.`);
    expect(redactText('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload1')).toBe(`Authorization: ${REDACTED}`);
    expect(redactText('GET /v1/x?api_key=abcdef123456&y=1')).toBe(`GET /v1/x?api_key=${REDACTED}&y=1`);
    expect(redactText('Bearer authentication is explained in sk-learn-contrib docs')).toBe('Bearer authentication is explained in sk-learn-contrib docs');
  });

  it('an endpoint that echoes the key: providers.test, the conversation file, turn events and logs never hold it', async () => {
    const { core, home, logs, close } = await testCore();
    const client = createLocalClient(core);
    const events: unknown[] = [];
    client.on('turn.finished', (p) => events.push(p));
    try {
      await client.request('providers.set', {
        provider: 'openai',
        openai: { preset: 'custom', baseURL: server.baseURL, models: { planner: 'm' }, jsonSchema: true },
      });
      await client.request('providers.key.set', { preset: 'custom', key: WRONG_KEY });

      const test = await client.request('providers.test', {});
      if (!test.ok) throw new Error(test.error.message);
      // The endpoint did echo it: the redaction is what keeps it out.
      expect(server.requests.some((r) => r.headers.authorization === `Bearer ${WRONG_KEY}`)).toBe(true);
      expect(test.value.ok).toBe(false);
      expect(test.value.message).toContain(`Incorrect API key provided: ${REDACTED}`);
      expect(test.value.message).not.toContain(WRONG_KEY);

      const turn = await client.request('chat.send', { text: 'make a deck' });
      if (!turn.ok) throw new Error(turn.error.message);
      expect(turn.value.reply.text).toMatch(/refused the key/);
      expect(JSON.stringify(turn.value)).not.toContain(WRONG_KEY);
      expect(JSON.stringify(events)).not.toContain(WRONG_KEY);
      await core.conversations.flush();
      const stored = await filesUnder(join(home, 'conversations'));
      expect(stored).toContain('refused the key');
      expect(stored).toContain(REDACTED);
      expect(stored).not.toContain(WRONG_KEY);
      const got = await client.request('conversations.get', { id: turn.value.conversationId });
      expect(JSON.stringify(got)).not.toContain(WRONG_KEY);
      expect(await filesUnder(join(home, 'logs'))).not.toContain(WRONG_KEY);
      expect(JSON.stringify(logs.records)).not.toContain(WRONG_KEY);
    } finally {
      await close();
    }
  });

  it('an API error echoing a pack’s secret: the run record (memory and disk) and run replies never hold it', async () => {
    const { core, home, close } = await testCore({ packs: [echoPack] });
    try {
      await core.secrets.set('pack.echo.token', PACK_TOKEN);
      const { runId, done } = core.executor.startRun('await echo.call({});', { apis: ['echo.call'] });
      const result = await done;
      expect(result.status).toBe('failed');
      const client = createLocalClient(core);
      const record = await client.request('run.get', { runId });
      if (!record.ok) throw new Error(record.error.message);
      const text = JSON.stringify(record.value);
      expect(text).toContain('service said: invalid token');
      expect(text).not.toContain(PACK_TOKEN);
      expect(text).not.toContain('sk-pattern-only');
      // The record is written after run.finished; wait for it (no timing asserted).
      let onDisk = '';
      for (let i = 0; i < 100 && !onDisk.includes(runId); i++) {
        onDisk = await filesUnder(join(home, 'runs'));
        if (!onDisk.includes(runId)) await new Promise((r) => setTimeout(r, 50));
      }
      expect(onDisk).toContain(runId);
      expect(onDisk).toContain('service said');
      expect(onDisk).not.toContain(PACK_TOKEN);
      expect(onDisk).not.toContain('sk-pattern-only');
    } finally {
      await close();
    }
  });
});
