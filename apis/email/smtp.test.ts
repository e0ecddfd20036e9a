import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiContext, callApi } from '../../test/helpers/api-harness';
import { testStaging } from '../../test/helpers/staging';
import type { ApiContext, PackSettings } from '../sdk';
import { emailPack } from './pack';

interface Received {
  from: string;
  to: string[];
  raw: Buffer;
}

// A real SMTP server on 127.0.0.1 that requires a login; mailparser reads what it received.
let server: SMTPServer;
let port: number;
const received: Received[] = [];
let root: string;

beforeAll(async () => {
  server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth: (auth, _session, done) =>
      auth.username === 'me@example.com' && auth.password === 's3cret' ? done(null, { user: auth.username }) : done(new Error('bad login')),
    onRcptTo: (address, _session, done) => (address.address.endsWith('@blocked.example') ? done(new Error('no such user')) : done()),
    onData: (stream, session, done) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        done();
      });
    },
    logger: false,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
  root = await mkdtemp(join(tmpdir(), 'email-smtp-'));
  await writeFile(join(root, 'report.csv'), 'year,revenue\n2023,4439044\n');
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(root, { recursive: true, force: true });
});

async function context(values: Record<string, unknown>, password?: string): Promise<ApiContext> {
  const settings: PackSettings = { values, secret: async (name) => (name === 'smtp.password' ? password : undefined) };
  return { ...apiContext(await testStaging([root])), settings };
}

describe('email.send through SMTP', () => {
  it('delivers to a real SMTP server with login; mailparser reads the received message back', async () => {
    const ctx = await context({ smtp: { host: '127.0.0.1', port, secure: false, user: 'me@example.com', from: 'Me <me@example.com>' } }, 's3cret');
    const sent = (await callApi(
      emailPack,
      'send',
      {
        to: 'Tom <tom@example.com>',
        cc: 'ann@example.com',
        bcc: 'boss@example.com',
        subject: 'Revenues 2023',
        text: 'Total: 4,439,044',
        attachments: ['report.csv'],
      },
      ctx,
    )) as Record<string, unknown>;
    expect(sent).toMatchObject({ via: 'smtp', accepted: ['tom@example.com', 'ann@example.com', 'boss@example.com'], rejected: [] });
    expect(ctx.staging.entries()).toEqual([]);
    const got = received.at(-1)!;
    expect(got.from).toBe('me@example.com');
    expect(got.to).toEqual(['tom@example.com', 'ann@example.com', 'boss@example.com']);
    const mail = await simpleParser(got.raw);
    expect(mail.subject).toBe('Revenues 2023');
    expect(mail.text?.trim()).toBe('Total: 4,439,044');
    expect(mail.messageId).toBe(sent.messageId);
    expect(mail.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([['report.csv', 'year,revenue\n2023,4439044\n']]);
    expect(mail.headers.get('bcc')).toBeUndefined();
  });

  it('sends a composed draft as it is', async () => {
    const ctx = await context({ smtp: { host: '127.0.0.1', port, user: 'me@example.com' } }, 's3cret');
    const draft = (await callApi(emailPack, 'compose', { to: 'tom@example.com', bcc: 'hidden@example.com', subject: 'Draft', text: 'from a draft' }, ctx)) as {
      path: string;
      messageId: string;
    };
    await callApi(emailPack, 'send', { draft: draft.path }, ctx);
    const mail = await simpleParser(received.at(-1)!.raw);
    expect([mail.subject, mail.messageId, mail.text?.trim()]).toEqual(['Draft', draft.messageId, 'from a draft']);
    expect(received.at(-1)!.to).toEqual(['tom@example.com', 'hidden@example.com']);
    expect(mail.headers.get('bcc')).toBeUndefined();
  });

  it('gives clear errors: wrong password, a rejected recipient, a bare name, no password, bad settings', async () => {
    const bad = await context({ smtp: { host: '127.0.0.1', port, user: 'me@example.com' } }, 'wrong');
    await expect(callApi(emailPack, 'send', { to: 'tom@example.com', subject: 's', text: 't' }, bad)).rejects.toThrow(
      /did not take the message: .*Invalid login|bad login/,
    );
    const ok = await context({ smtp: { host: '127.0.0.1', port, user: 'me@example.com' } }, 's3cret');
    await expect(callApi(emailPack, 'send', { to: 'x@blocked.example', subject: 's', text: 't' }, ok)).rejects.toThrow(/did not take the message/);
    await expect(callApi(emailPack, 'send', { to: 'Tom', subject: 's', text: 't' }, ok)).rejects.toThrow(/SMTP needs email addresses; Tom is a name/);
    const noPass = await context({ smtp: { host: '127.0.0.1', port, user: 'me@example.com' } });
    await expect(callApi(emailPack, 'send', { to: 'tom@example.com', subject: 's', text: 't' }, noPass)).rejects.toThrow(/no SMTP password is stored/);
    const invalid = await context({ smtp: { host: '127.0.0.1', port: 'twenty-five' } });
    await expect(callApi(emailPack, 'send', { to: 'tom@example.com', subject: 's', text: 't' }, invalid)).rejects.toThrow(/SMTP settings are invalid \(port/);
    // The folder mailbox still works with an account configured when asked for.
    const folder = (await callApi(emailPack, 'send', { to: 'Tom', subject: 'local', text: 't', via: 'folder' }, ok)) as { delivered: unknown };
    // The account's address is a known sender, so its folder gets the sent copy.
    expect(folder.delivered).toEqual([
      { recipient: 'Tom', path: 'emails/Tom/local.eml' },
      { recipient: 'me@example.com', path: 'emails/me/local.eml' },
    ]);
  });
});
