import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiContext, callApi } from '../../test/helpers/api-harness';
import { testStaging } from '../../test/helpers/staging';
import { htmlToText } from './html-text';
import { emailPack } from './pack';

const head = 'From: a@example.com\r\nTo: b@example.com\r\nSubject: bomb\r\n';

function nested(depth: number): string {
  let body = 'Content-Type: text/plain\r\n\r\ninnermost\r\n';
  for (let i = depth; i > 0; i--) body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}--b${i}--\r\n`;
  return head + body;
}

function manyParts(count: number): string {
  const parts = Array.from({ length: count }, (_, i) => `--p\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join('');
  return `${head}Content-Type: multipart/mixed; boundary="p"\r\n\r\n${parts}--p--\r\n`;
}

const cases: [string, () => string | Buffer, RegExp, string][] = [
  ['a 50 MB header', () => `${head}X-Big: ${'a'.repeat(50 * 1024 * 1024)}\r\n\r\nbody\r\n`, /messages over 40\.0 MB are refused/, 'TOO_LARGE'],
  ['a 1 MB header line', () => `${head}X-Big: ${'a'.repeat(1024 * 1024)}\r\n\r\nbody\r\n`, /header blocks over 256 KB are refused/, 'TOO_LARGE'],
  ['multiparts nested 5,000 deep', () => nested(5000), /nest more than 20 deep/, 'INVALID_FILE'],
  [
    'attached messages nested 100 deep',
    () => head + 'Content-Type: message/rfc822\r\n\r\n'.repeat(100) + `${head}\r\nhi\r\n`,
    /attached messages nest more than 20 deep/,
    'INVALID_FILE',
  ],
  ['5,000 parts', () => manyParts(5000), /more than 1000 MIME parts/, 'TOO_LARGE'],
  // Many short headers stay under the 256 KB block limit; the parser's own header limit refuses them.
  [
    '50,000 headers on the message',
    () => `${head}${'X:a\r\n'.repeat(50_000)}\r\nbody\r\n`,
    /cannot be read as an email message: Max header size/,
    'INVALID_FILE',
  ],
  [
    '50,000 headers on one part',
    () => `${head}Content-Type: multipart/mixed; boundary="h"\r\n\r\n--h\r\n${'X:a\r\n'.repeat(50_000)}Content-Type: text/plain\r\n\r\nhi\r\n--h--\r\n`,
    /cannot be read as an email message: Max header size/,
    'INVALID_FILE',
  ],
  [
    'broken base64',
    () =>
      `${head}Content-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0x%%%not*base64!!\r\n--x--\r\n`,
    /base64 part holds characters base64 does not use/,
    'INVALID_FILE',
  ],
  [
    'an unknown transfer encoding',
    () => `${head}Content-Transfer-Encoding: x-uuencode\r\n\r\nbegin 644 a\r\n`,
    /unknown Content-Transfer-Encoding "x-uuencode"/,
    'INVALID_FILE',
  ],
  ['a multipart without boundary', () => `${head}Content-Type: multipart/mixed\r\n\r\nbody\r\n`, /multipart part has no boundary/, 'INVALID_FILE'],
  ['binary noise', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), /not an email message/, 'INVALID_FILE'],
  ['an empty file', () => '', /is empty/, 'INVALID_FILE'],
];

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'email-hostile-'));
  await mkdir(join(root, 'emails/Eve'), { recursive: true });
  for (const [i, [, make]] of cases.entries()) await writeFile(join(root, `emails/Eve/${i}.eml`), make());
  await writeFile(
    join(root, 'emails/Eve/ok.eml'),
    `${head}Content-Type: multipart/mixed; boundary="k"\r\n\r\n--k\r\nContent-Type: text/plain\r\n\r\nfine\r\n--k\r\nContent-Type: text/plain; name=a.txt\r\nContent-Disposition: attachment; filename=a.txt\r\n\r\nA\r\n--k--\r\n`,
  );
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('email pack against hostile messages', () => {
  it.each(cases.map((c, i) => [c[0], i, c[2], c[3]] as const))('refuses %s with a clear error and stages nothing', async (_name, i, message, code) => {
    const staging = await testStaging([root]);
    const ctx = apiContext(staging);
    const call = callApi(emailPack, 'readMessage', { path: `emails/Eve/${i}.eml`, saveAttachmentsTo: 'out' }, ctx);
    await expect(call).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    await expect(callApi(emailPack, 'reply', { path: `emails/Eve/${i}.eml`, text: 'x' }, ctx)).rejects.toMatchObject({ code });
    expect(staging.entries()).toEqual([]);
  });

  it('lists the readable message and reports each hostile file as skipped with its reason', async () => {
    const ctx = apiContext(await testStaging([root]));
    const listed = (await callApi(emailPack, 'listMessages', { person: 'Eve' }, ctx)) as {
      messages: { path: string; attachments: string[] }[];
      skipped: { path: string; reason: string }[];
    };
    expect(listed.messages).toEqual([expect.objectContaining({ path: 'emails/Eve/ok.eml', attachments: ['a.txt'] })]);
    expect(listed.skipped).toHaveLength(cases.length);
    for (const [i, [, , message]] of cases.entries()) expect(listed.skipped.find((s) => s.path === `emails/Eve/${i}.eml`)?.reason).toMatch(message);
  });

  it('converts hostile HTML linearly: unclosed scripts, 200,000 nested divs, a huge table', () => {
    expect(htmlToText('<p>a</p><script>'.repeat(50_000)).text).toBe('a');
    expect(htmlToText(`${'<div>'.repeat(200_000)}deep${'</div>'.repeat(200_000)}`).text).toBe('deep');
    const rows = Array.from({ length: 20_000 }, (_, i) => `<tr><td>${i}</td><td>x</td></tr>`).join('');
    const { tables } = htmlToText(`<table>${rows}</table>`);
    expect(tables[0]).toHaveLength(20_000);
    expect(tables[0]![19_999]).toEqual(['19999', 'x']);
  });
});
