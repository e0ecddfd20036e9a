import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import hoodiecrow from 'hoodiecrow-imap';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiContext, callApi } from '../../test/helpers/api-harness';
import { testStaging } from '../../test/helpers/staging';
import type { ApiContext, PackSettings } from '../sdk';
import { emailPack } from './pack';

// A real IMAP server (hoodiecrow) on 127.0.0.1 that requires a login; imapflow talks to it over the wire.
// The Date headers omit the weekday (RFC 5322 allows it): hoodiecrow's SENTSINCE reads only the first 11
// characters of the header, which must then be the date itself.
const mail = (headers: string, body: string) => `${headers.trim().split('\n').join('\r\n')}\r\n\r\n${body.split('\n').join('\r\n')}`;
const MESSAGES = [
  mail(
    `From: Ann Lee <ann@example.com>\nTo: Me <me@example.com>\nSubject: Budget 2024\nDate: 08 Jan 2024 09:00:00 +0000\nMessage-ID: <budget@example.com>`,
    'The budget is attached to the next mail.\nAnn',
  ),
  mail(
    `From: Bob <bob@example.com>\nTo: me@example.com\nCc: Ann Lee <ann@example.com>\nSubject: Quarterly numbers\nDate: 06 Feb 2024 15:30:00 +0100\nMessage-ID: <numbers@example.com>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b1"`,
    `--b1\nContent-Type: text/plain; charset=utf-8\n\nRevenue rose 12 % in Q4.\n--b1\nContent-Type: text/csv; name="q4.csv"\nContent-Disposition: attachment; filename="q4.csv"\nContent-Transfer-Encoding: base64\n\n${Buffer.from('quarter,revenue\nQ4,120\n').toString('base64')}\n--b1--\n`,
  ),
  mail(
    `From: Carol <carol@example.com>\nTo: me@example.com\nSubject: Lunch?\nDate: 01 Mar 2024 11:00:00 +0000\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8`,
    '<p>Lunch on <b>Friday</b>?</p>',
  ),
];

let server: ReturnType<typeof hoodiecrow>;
let port: number;
let root: string;

beforeAll(async () => {
  server = hoodiecrow({
    users: { 'me@example.com': { password: 's3cret' } },
    storage: {
      INBOX: { messages: MESSAGES.map((raw) => ({ raw })) },
      '': {
        separator: '/',
        folders: {
          Archive: {
            messages: [{ raw: mail('From: old@example.com\nTo: me@example.com\nSubject: Old news\nDate: 01 Jan 2023 08:00:00 +0000', 'from last year') }],
          },
        },
      },
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
  root = await mkdtemp(join(tmpdir(), 'email-imap-'));
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(root, { recursive: true, force: true });
});

async function context(values: Record<string, unknown>, password?: string): Promise<ApiContext> {
  const settings: PackSettings = { values, secret: async (name) => (name === 'imap.password' ? password : undefined) };
  return { ...apiContext(await testStaging([root])), settings };
}
const account = () => ({ imap: { host: '127.0.0.1', port, secure: false, user: 'me@example.com' } });

interface Listed {
  messages: { path: string; from: string; to: string[]; cc: string[]; subject: string; date: string | null; snippet: string; attachments: string[] }[];
  total: number;
  truncated: boolean;
}

describe('email on an IMAP account (a real IMAP server on 127.0.0.1)', () => {
  it('lists the INBOX newest first with senders, dates, snippets and attachment names; filters run on the server', async () => {
    const ctx = await context(account(), 's3cret');
    const all = (await callApi(emailPack, 'listMessages', { mailbox: 'imap' }, ctx)) as Listed;
    expect(all.messages.map((m) => m.subject)).toEqual(['Lunch?', 'Quarterly numbers', 'Budget 2024']);
    expect(all.messages[1]).toMatchObject({
      from: 'Bob <bob@example.com>',
      to: ['me@example.com'],
      cc: ['Ann Lee <ann@example.com>'],
      date: '2024-02-06T14:30:00.000Z',
      snippet: 'Revenue rose 12 % in Q4.',
      attachments: ['q4.csv'],
    });
    expect(all.messages[0]!.snippet).toBe('Lunch on Friday?');
    expect(all.messages.every((m) => /^imap:INBOX\/\d+$/.test(m.path))).toBe(true);

    const fromBob = (await callApi(emailPack, 'listMessages', { mailbox: 'imap', from: 'bob' }, ctx)) as Listed;
    expect(fromBob.messages.map((m) => m.subject)).toEqual(['Quarterly numbers']);
    const toAnn = (await callApi(emailPack, 'listMessages', { mailbox: 'imap', to: 'ann@example.com' }, ctx)) as Listed;
    expect(toAnn.messages.map((m) => m.subject)).toEqual(['Quarterly numbers']);
    const ranged = (await callApi(
      emailPack,
      'listMessages',
      { mailbox: 'imap', after: '2024-02-06T14:30:00Z', before: '2024-03-01', order: 'oldest' },
      ctx,
    )) as Listed;
    expect(ranged.messages.map((m) => m.subject)).toEqual(['Quarterly numbers']);
    const limited = (await callApi(emailPack, 'listMessages', { mailbox: 'imap', limit: 2, order: 'oldest' }, ctx)) as Listed;
    expect([limited.messages.map((m) => m.subject), limited.total, limited.truncated]).toEqual([['Budget 2024', 'Quarterly numbers'], 3, true]);
    const archive = (await callApi(emailPack, 'listMessages', { mailbox: 'imap:Archive' }, ctx)) as Listed;
    expect(archive.messages.map((m) => [m.subject, m.snippet])).toEqual([['Old news', 'from last year']]);
    expect(ctx.staging.entries()).toEqual([]);
  });

  it('reads a message, saves its attachment into staging, and replies to it as a draft', async () => {
    const ctx = await context(account(), 's3cret');
    const [numbers] = ((await callApi(emailPack, 'listMessages', { mailbox: 'imap', subject: 'quarterly' }, ctx)) as Listed).messages;
    const read = (await callApi(emailPack, 'readMessage', { path: numbers!.path, saveAttachmentsTo: 'attachments' }, ctx)) as {
      path: string;
      text: string;
      messageId: string;
      attachments: { name: string; savedTo: string | null }[];
    };
    expect(read).toMatchObject({ path: numbers!.path, messageId: '<numbers@example.com>', attachments: [{ name: 'q4.csv', savedTo: 'attachments/q4.csv' }] });
    expect(read.text.trim()).toBe('Revenue rose 12 % in Q4.');
    expect(await readFile(await ctx.staging.readPath('attachments/q4.csv'), 'utf8')).toBe('quarter,revenue\nQ4,120\n');

    const draft = (await callApi(emailPack, 'reply', { path: numbers!.path, text: 'Great news.', replyAll: true, from: 'Me <me@example.com>' }, ctx)) as {
      path: string;
      inReplyTo: string | null;
    };
    expect(draft.inReplyTo).toBe('<numbers@example.com>');
    const parsed = await simpleParser(await readFile(await ctx.staging.readPath(draft.path)));
    expect([parsed.subject, parsed.inReplyTo, parsed.to && 'value' in parsed.to ? parsed.to.value[0]?.address : '']).toEqual([
      'Re: Quarterly numbers',
      '<numbers@example.com>',
      'bob@example.com',
    ]);
    expect(parsed.text).toContain('> Revenue rose 12 % in Q4.');
  });

  it('gives clear errors and stages nothing: no account, no password, a wrong password, bad settings, an unknown folder or UID, an unreachable server, person on an account', async () => {
    const cases: [Record<string, unknown>, string | undefined, Record<string, unknown>, RegExp][] = [
      [{}, 's3cret', { mailbox: 'imap' }, /no IMAP account is configured; set settings.json packs.email.imap/],
      [account(), undefined, { mailbox: 'imap' }, /no IMAP password is stored for me@example.com/],
      [account(), 'wrong', { mailbox: 'imap' }, /IMAP server refused the login of me@example.com/],
      [{ imap: { host: '127.0.0.1', port: 'one' } }, 's3cret', { mailbox: 'imap' }, /IMAP settings are invalid \(port/],
      [account(), 's3cret', { mailbox: 'imap:Nope' }, /no folder Nope.*folders: .*INBOX/],
      [
        { imap: { host: '127.0.0.1', port: 1, secure: false, user: 'me@example.com' } },
        's3cret',
        { mailbox: 'imap' },
        /could not reach the IMAP account of me@example.com at 127.0.0.1:1/,
      ],
      [account(), 's3cret', { mailbox: 'imap', person: 'Bob' }, /person names a folder of a folder mailbox/],
    ];
    for (const [values, password, args, error] of cases) {
      const ctx = await context(values, password);
      await expect(callApi(emailPack, 'listMessages', args, ctx)).rejects.toThrow(error);
      expect(ctx.staging.entries()).toEqual([]);
    }
    const ctx = await context(account(), 's3cret');
    await expect(callApi(emailPack, 'readMessage', { path: 'imap:INBOX/999999', saveAttachmentsTo: 'x' }, ctx)).rejects.toThrow(
      /has no message with UID 999999/,
    );
    expect(ctx.staging.entries()).toEqual([]);
  });
});
