import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiContext, callApi } from '../../test/helpers/api-harness';
import { hasPythonModule, python } from '../../test/helpers/python';
import { testStaging } from '../../test/helpers/staging';
import type { ApiContext } from '../sdk';
import { emailPack } from './pack';

// Python's email package (what OfficeBench's own email app uses) writes the fixtures and reads our output.
const PY_WRITE = `
import sys, json
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
spec = json.loads(sys.argv[1])
m = MIMEMultipart('mixed')
m['From'] = spec['from']; m['To'] = spec['to']; m['Subject'] = spec['subject']
m.attach(MIMEText(spec['body'] + '\\n\\nSent at: ' + spec['sent'], 'plain'))
open(spec['path'], 'w').write(m.as_string())
print('null')
`;
const PY_READ = `
import sys, json, glob, os
from email import policy
from email.parser import BytesParser
out = []
for f in sorted(glob.glob(os.path.join(sys.argv[1], '*.eml'))):
    m = BytesParser(policy=policy.default).parsebytes(open(f, 'rb').read())
    parts = [p for p in (m.iter_parts() if m.is_multipart() else [m]) if p.get_content_type() in ('text/plain', 'text/html')]
    body = '\\n'.join(p.get_payload(decode=True).decode(p.get_content_charset()) for p in parts)
    atts = [p.get_filename() for p in m.iter_attachments()] if m.is_multipart() else []
    out.append({'file': os.path.basename(f), 'from': str(m['From']), 'to': str(m['To']), 'subject': str(m['Subject']), 'body': body, 'attachments': atts, 'inReplyTo': m['In-Reply-To']})
print(json.dumps(out))
`;
interface PyMessage {
  file: string;
  from: string;
  to: string;
  subject: string;
  body: string;
  attachments: string[];
  inReplyTo: string | null;
}
const second = hasPythonModule('email');

let root: string;
let staging: Awaited<ReturnType<typeof testStaging>>;
let ctx: ApiContext;
const call = (verb: string, args: unknown) => callApi(emailPack, verb, args, ctx) as Promise<Record<string, unknown>>;

async function writePy(path: string, from: string, to: string, subject: string, body: string, sent: string) {
  await python(PY_WRITE, [JSON.stringify({ path, from, to, subject, body, sent })]);
}

/** Apply: copies what the run staged onto the real folder (what the executor does at Apply). */
async function applyStaged() {
  for (const e of staging.entries()) {
    if (e.action !== 'write') continue;
    await mkdir(join(e.target, '..'), { recursive: true });
    await writeFile(e.target, await readFile(e.stagedPath!));
  }
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'email-pack-'));
  await mkdir(join(root, 'emails/Bob'), { recursive: true });
  await mkdir(join(root, 'data'), { recursive: true });
  staging = await testStaging([root]);
  ctx = apiContext(staging);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe.skipIf(!second)('email pack on a folder mailbox, checked by Python’s email package', () => {
  beforeEach(async () => {
    await writePy(
      join(root, 'emails/Bob/rent.eml'),
      'Glendon@gmail.com',
      'Bob123@gmail.com',
      'Reminder Rent due',
      'Rent is due October 1.',
      '2022-09-23 03:00:00',
    );
    await writePy(
      join(root, 'emails/Bob/meeting.eml'),
      'Alice@gmail.com',
      'Bob123@gmail.com',
      'scheduled meeting',
      'Can we meet today?',
      '2024-03-23 10:00:00',
    );
    await writePy(join(root, 'emails/Bob/grades.eml'), 'gradescope@gmail.com', 'Bob123@gmail.com', 'Gradescope', 'Project 2 graded.', '2024-01-02 03:00:00');
  });

  it('lists a person’s messages newest first, with dates from the body, filters and a date range', async () => {
    const all = await call('listMessages', { person: 'bob' });
    expect((all.messages as { subject: string }[]).map((m) => m.subject)).toEqual(['scheduled meeting', 'Gradescope', 'Reminder Rent due']);
    const first = (all.messages as Record<string, unknown>[])[0]!;
    expect(first).toMatchObject({
      path: 'emails/Bob/meeting.eml',
      from: 'Alice@gmail.com',
      to: ['Bob123@gmail.com'],
      date: '2024-03-23T10:00:00.000Z',
      attachments: [],
    });
    expect(first.snippet).toContain('Can we meet today?');
    const recent = await call('listMessages', { person: 'Bob', after: '2024-01-01', before: '2024-03-01', order: 'oldest' });
    expect((recent.messages as { subject: string }[]).map((m) => m.subject)).toEqual(['Gradescope']);
    const byText = await call('listMessages', { text: 'RENT', from: 'glendon' });
    expect(byText.total).toBe(1);
    await expect(call('listMessages', { person: 'Zed' })).rejects.toThrow(/no folder for Zed; people: Bob/);
    await expect(call('listMessages', { after: 'last week' })).rejects.toThrow(/not a date/);
  });

  it('sends into the recipient’s folder; Python reads the message back, and a second send does not overwrite', async () => {
    await writeFile(join(root, 'data/notes.txt'), 'minutes of the meeting\n');
    const sent = await call('send', {
      to: ['Tom', 'bob@example.com'],
      subject: 'Party',
      text: 'Jane Doe invites you to a party on July 15.',
      attachments: ['data/notes.txt'],
      fileName: 'party.eml',
    });
    expect(sent.delivered).toEqual([
      { recipient: 'Tom', path: 'emails/Tom/party.eml' },
      { recipient: 'bob@example.com', path: 'emails/Bob/party.eml' },
    ]);
    const again = await call('send', { to: 'Tom', subject: 'Party', text: 'Reminder.', fileName: 'party.eml' });
    expect(again.delivered).toEqual([{ recipient: 'Tom', path: 'emails/Tom/party (2).eml' }]);
    // Listed within the same run (staged), then applied and read by the second reader.
    expect((await call('listMessages', { person: 'Tom' })).total).toBe(2);
    await applyStaged();
    const tom = (await python(PY_READ, [join(root, 'emails/Tom')])) as PyMessage[];
    expect(tom[0]).toMatchObject({ file: 'party (2).eml', subject: 'Party' });
    expect(tom[1]).toMatchObject({ file: 'party.eml', to: expect.stringContaining('Tom <Tom@mailbox.invalid>'), attachments: ['notes.txt'] });
    expect(tom[1]!.body).toContain('Jane Doe invites you to a party on July 15.');
    const bob = (await python(PY_READ, [join(root, 'emails/Bob')])) as PyMessage[];
    expect(bob.map((m) => m.file)).toContain('party.eml');
    // A known sender gets a sent copy in its own folder by default, as a mail client keeps one in Sent.
    const copy = await call('send', { from: 'Bob', to: 'Dan', subject: 'Paper', text: 'summary', fileName: 'paper.eml' });
    expect(copy.delivered).toEqual([
      { recipient: 'Dan', path: 'emails/Dan/paper.eml' },
      { recipient: 'Bob', path: 'emails/Bob/paper.eml' },
    ]);
    // keepCopy: false still sends without the copy.
    const noCopy = await call('send', { from: 'Bob', to: 'Dan', subject: 'Paper', text: 'again', fileName: 'paper2.eml', keepCopy: false });
    expect(noCopy.delivered).toEqual([{ recipient: 'Dan', path: 'emails/Dan/paper2.eml' }]);
    // A display name that names an existing folder wins over the address's local part.
    const named = await call('send', { to: 'Bob <bob3@example.com>', subject: 'Revenues', text: 'attached', fileName: 'revenues.eml' });
    expect(named.delivered).toEqual([{ recipient: 'Bob <bob3@example.com>', path: 'emails/Bob/revenues.eml' }]);
    // With no matching folder, the new folder is named by the display name, not the address's local part.
    const unknown = await call('send', { to: 'Zed <zed9@example.com>', subject: 'Hi', text: 'hello', fileName: 'hi.eml' });
    expect(unknown.delivered).toEqual([{ recipient: 'Zed <zed9@example.com>', path: 'emails/Zed/hi.eml' }]);
    const bare = await call('send', { to: 'quinn7@example.com', subject: 'Hi', text: 'hello', fileName: 'hi.eml' });
    expect(bare.delivered).toEqual([{ recipient: 'quinn7@example.com', path: 'emails/quinn7/hi.eml' }]);
    await applyStaged();
    // Read back by the second reader: the copy in the sender's folder is the same message.
    const bobCopy = (await python(PY_READ, [join(root, 'emails/Bob')])) as PyMessage[];
    expect(bobCopy.find((m) => m.file === 'paper.eml')).toMatchObject({ subject: 'Paper', to: expect.stringContaining('Dan') });
    expect((await python(PY_READ, [join(root, 'emails/Zed')])) as PyMessage[]).toEqual([expect.objectContaining({ file: 'hi.eml', subject: 'Hi' })]);
  });

  it('composes a draft, replies with quoting and threading headers, and sends the reply draft', async () => {
    const draft = await call('compose', {
      to: 'alice@example.com',
      cc: 'Carol',
      subject: 'Budget',
      text: 'See the notes.',
      html: '<p>See the <b>notes</b>.</p>',
    });
    expect(draft.path).toBe('drafts/Budget.eml');
    const parsed = await simpleParser(await readFile(await staging.readPath('drafts/Budget.eml')));
    expect(parsed.subject).toBe('Budget');
    expect(parsed.text?.trim()).toBe('See the notes.');
    expect(parsed.html).toContain('<b>notes</b>');
    expect(parsed.messageId).toBe(draft.messageId);
    const r = await call('reply', { path: draft.path as string, text: 'Thanks, agreed.', replyAll: true, from: 'me@example.com' });
    expect(r).toMatchObject({ subject: 'Re: Budget', to: [expect.stringContaining('Me')], inReplyTo: draft.messageId });
    const read = await call('readMessage', { path: r.path as string });
    expect(read.inReplyTo).toBe(draft.messageId);
    expect(read.references).toEqual([draft.messageId]);
    expect(read.text).toMatch(/Thanks, agreed\.\n\nOn .*Me.* wrote:\n> See the notes\./);
    expect(read.cc).toEqual(['alice@example.com', 'Carol <Carol@mailbox.invalid>']);
    const sent = await call('send', { draft: r.path as string });
    expect((sent.delivered as { path: string }[]).map((d) => d.path)).toEqual([
      'emails/Me/Re_ Budget.eml',
      'emails/alice/Re_ Budget.eml',
      'emails/Carol/Re_ Budget.eml',
    ]);
    await applyStaged();
    const [carol] = (await python(PY_READ, [join(root, 'emails/Carol')])) as PyMessage[];
    expect(carol).toMatchObject({ subject: 'Re: Budget', inReplyTo: draft.messageId });
  });
});

describe('email.readMessage', () => {
  it('turns HTML tables into rows and saves attachments into staging only when asked', async () => {
    const raw = [
      'From: a@example.com',
      'To: b@example.com',
      'Subject: Scores',
      'Date: Tue, 02 Apr 2024 10:00:00 +0000',
      'Content-Type: multipart/mixed; boundary="X"',
      '',
      '--X',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Scores &amp; ranks</p><table><tr><th>Name</th><th>Score</th></tr><tr><td>Alice</td><td>100</td></tr></table><script>alert(1)</script>',
      '--X',
      'Content-Type: text/csv; name="../../evil.csv"',
      'Content-Disposition: attachment; filename="../../evil.csv"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('a,b\n1,2\n').toString('base64'),
      '--X--',
      '',
    ].join('\r\n');
    await writeFile(join(root, 'emails/Bob/scores.eml'), raw);
    const read = await call('readMessage', { path: 'emails/Bob/scores.eml' });
    expect(read.tables).toEqual([
      [
        ['Name', 'Score'],
        ['Alice', '100'],
      ],
    ]);
    expect(read.text).toBe('Scores & ranks\nName\tScore\nAlice\t100');
    expect(read.date).toBe('2024-04-02T10:00:00.000Z');
    expect(read.attachments).toEqual([{ name: 'evil.csv', contentType: 'text/csv', size: 8, savedTo: null }]);
    expect(staging.entries()).toEqual([]);
    const saved = await call('readMessage', { path: 'emails/Bob/scores.eml', saveAttachmentsTo: 'data' });
    expect((saved.attachments as { savedTo: string }[])[0]!.savedTo).toBe('data/evil.csv');
    expect(await readFile(await staging.readPath('data/evil.csv'), 'utf8')).toBe('a,b\n1,2\n');
    await expect(call('readMessage', { path: 'emails/Bob/scores.eml', saveAttachmentsTo: 'data' })).rejects.toThrow(/exists; pass overwrite/);
    await expect(call('readMessage', { path: 'emails/Bob/scores.eml', saveAttachmentsTo: '../outside' })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
  });

  it('refuses attachments outside the granted folders and names that are not recipients, staging nothing', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'email-outside-'));
    await writeFile(join(outside, 'secret.txt'), 'secret');
    try {
      await expect(call('send', { to: 'Tom', subject: 'x', text: 'y', attachments: [join(outside, 'secret.txt')] })).rejects.toMatchObject({
        code: 'PERMISSION_DENIED',
      });
      await expect(call('compose', { to: 'Tom', subject: 'x', text: 'y', attachments: ['../secret.txt'] })).rejects.toMatchObject({
        code: 'PERMISSION_DENIED',
      });
      await expect(call('send', { to: 'Tom\r\nBcc: x@evil.com', subject: 'x', text: 'y' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS' });
      await expect(call('send', { to: '../etc', subject: 'x', text: 'y' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS' });
      await expect(call('send', { subject: 'x' })).rejects.toThrow(/either draft, or to, subject and text/);
      await expect(call('send', { to: 'Tom', subject: 'x', text: 'y', via: 'smtp' })).rejects.toThrow(/no SMTP account is configured/);
      expect(staging.entries()).toEqual([]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});
