import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * OfficeBench's email reading for its checks (`email_list_emails.list_emails(user, testbed, -1)`): every
 * `emails/<user>/*.eml` rendered as `Email ID / From / To / Subject / Content` blocks. The content is the
 * message's own payload, or its top-level text/plain and text/html parts (not nested ones), as upstream's
 * `get_email_content` takes them; a part without a charset makes upstream's whole listing an error string.
 */

interface Part {
  headers: Map<string, string>;
  body: Buffer;
}

const LISTING_ERROR = 'Error: Failed to list emails.';

function splitHeaders(raw: Buffer): Part {
  const text = raw.toString('latin1');
  const m = /\r?\n\r?\n/.exec(text);
  const head = m ? text.slice(0, m.index) : text;
  const body = m ? raw.subarray(m.index + m[0].length) : Buffer.alloc(0);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      const name = line.slice(0, colon).trim().toLowerCase();
      if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
    }
  }
  return { headers, body };
}

/** RFC 2047 encoded words (`=?utf-8?B?...?=`), as policy.default decodes header values. */
function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=(\s+(?==\?))?/g, (_all, charset: string, enc: string, data: string) => {
    const bytes =
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64')
        : Buffer.from(
            data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
            'latin1',
          );
    return decodeText(bytes, charset);
  });
}

/** `bytes.decode(charset, errors="replace")`; ASCII replaces every byte above 0x7f, as Python's codec does. */
function decodeText(bytes: Buffer, charset: string): string {
  if (['us-ascii', 'ascii'].includes(charset.toLowerCase())) return Array.from(bytes, (b) => (b < 0x80 ? String.fromCharCode(b) : '\uFFFD')).join('');
  return new TextDecoder(charset, { fatal: false }).decode(bytes);
}

function contentType(part: Part): { type: string; params: Map<string, string> } {
  const [type = 'text/plain', ...rest] = (part.headers.get('content-type') ?? 'text/plain').split(';');
  const params = new Map<string, string>();
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq > 0)
      params.set(
        p.slice(0, eq).trim().toLowerCase(),
        p
          .slice(eq + 1)
          .trim()
          .replace(/^"(.*)"$/, '$1'),
      );
  }
  return { type: type.trim().toLowerCase(), params };
}

function payload(part: Part): Buffer {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.toString('latin1').replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    const text = part.body.toString('latin1').replace(/=\r?\n/g, '');
    return Buffer.from(
      text.replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
      'latin1',
    );
  }
  return part.body;
}

/** `part.get_payload(decode=True).decode(part.get_content_charset())`; Python raises without a charset. */
function decodedText(part: Part): string {
  const charset = contentType(part).params.get('charset');
  if (!charset) throw new Error('a text part has no charset (bytes.decode(None) raises upstream)');
  return decodeText(payload(part), charset);
}

function topLevelParts(message: Part, boundary: string): Part[] {
  const text = message.body.toString('latin1');
  const delimiter = `--${boundary}`;
  const pieces = text.split(new RegExp(`\\r?\\n?${delimiter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*\\r?\\n?`));
  // Before the first delimiter is the preamble and after the closing one the epilogue.
  return pieces.slice(1, -1).map((piece) => splitHeaders(Buffer.from(piece, 'latin1')));
}

function emailContent(message: Part): string {
  const { type, params } = contentType(message);
  if (!type.startsWith('multipart/')) return decodedText(message);
  const parts = topLevelParts(message, params.get('boundary') ?? '');
  return parts
    .filter((p) => ['text/plain', 'text/html'].includes(contentType(p).type))
    .map(decodedText)
    .join('\n');
}

function header(message: Part, name: string): string {
  const value = message.headers.get(name);
  return value === undefined ? 'None' : decodeWords(value);
}

/** Upstream's listing of a folder of messages (`No emails found.` when empty, its error string when one fails). */
export async function listEmails(folder: string): Promise<string> {
  const names = (await readdir(folder)).filter((n) => n.endsWith('.eml')).sort();
  try {
    let message = '';
    for (const name of names) {
      const email = splitHeaders(await readFile(join(folder, name)));
      message += `Email ID: ${name}\nFrom: ${header(email, 'from')}\nTo: ${header(email, 'to')}\nSubject: ${header(email, 'subject')}\n`;
      message += `Content: ${emailContent(email)}\n${'-'.repeat(50)}\n`;
    }
    return message || 'No emails found.';
  } catch {
    return LISTING_ERROR;
  }
}

/**
 * Which `emails/` folder upstream's `evaluate_contain` reads for a user: the name as given, else lower-cased.
 * Upstream's fallback (a substring match over the accounts) raises a NameError, so a missing user raises.
 */
export function userMailFolder(root: string, username: string): string {
  for (const name of [username, username.toLowerCase()]) if (existsSync(join(root, 'emails', name))) return join(root, 'emails', name);
  throw new Error(`emails/${username} does not exist (upstream's fallback raises NameError: email_account)`);
}
