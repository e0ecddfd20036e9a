import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type MailComposerTypes from 'nodemailer/lib/mail-composer';
import type * as NodemailerLibMimeFuncsModule from 'nodemailer/lib/mime-funcs';
import { z } from 'zod';
import { ApiError, type ApiContext } from '../sdk';
import { LIMITS, mb } from './mime-guard';
import { lazyModule } from '../sdk/lazy-module';

// nodemailer/lib/mail-composer, nodemailer/lib/mime-funcs: loaded when an API first uses it, not when the pack is listed.
const MailComposer = lazyModule<typeof MailComposerTypes>('nodemailer/lib/mail-composer');
const detectMimeType = lazyModule<typeof NodemailerLibMimeFuncsModule.detectMimeType>('nodemailer/lib/mime-funcs', (m) => m.detectMimeType);

/** Domain of the addresses given to bare names ("Tom") in a folder mailbox; never deliverable (RFC 2606). */
export const FOLDER_DOMAIN = 'mailbox.invalid';

const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$|^[^\s@<>,;"]+@localhost$/;
const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._'-]{0,99}$/u;

/** The recipients field every composing API takes: a name, an address, or a list of them. */
export const recipientsSchema = z
  .union([z.string().min(1).max(320), z.array(z.string().min(1).max(320)).min(1).max(100)])
  .describe('names ("Tom": the folder emails/Tom in a folder mailbox) or addresses ("tom@example.com", "Tom <tom@example.com>"); one or a list');

export function recipientList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value])
    .flatMap((v) => v.split(/[,;]/))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** A recipient as a header address: addresses as given, a bare name as `Name <Name@mailbox.invalid>`. */
export function headerAddress(recipient: string): string {
  const m = /^(.*?)<([^<>]+)>$/.exec(recipient);
  const address = (m ? m[2]! : recipient).trim();
  if (ADDRESS.test(address)) return m ? `${m[1]!.trim().replace(/"/g, '')} <${address}>`.trim() : address;
  if (!m && NAME.test(recipient)) return `${recipient} <${recipient.replace(/\s+/g, '.')}@${FOLDER_DOMAIN}>`;
  throw new ApiError('INVALID_ARGUMENTS', `"${recipient}" is neither an email address nor a person's name`);
}

export interface Outgoing {
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text: string;
  html?: string;
  /** Files inside the granted folders (this run's staged version when it wrote them). */
  attachments: string[];
  inReplyTo?: string;
  references?: string[];
}

interface LoadedAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/** The MIME type by file name; text in UTF-8 says so (readers such as Python's email fail on text without a charset). */
function contentTypeOf(filename: string, content: Buffer): string {
  const type = detectMimeType(filename);
  if (!type.startsWith('text/')) return type;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return `${type}; charset=utf-8`;
  } catch {
    return type;
  }
}

/** Reads the attachments through the staging workspace (granted folders only) within the size limit. */
async function loadAttachments(ctx: ApiContext, paths: string[]): Promise<LoadedAttachment[]> {
  const out: LoadedAttachment[] = [];
  let total = 0;
  for (const path of paths) {
    const file = await ctx.staging.readPath(path);
    const info = await stat(file);
    if (!info.isFile()) throw new ApiError('INVALID_ARGUMENTS', `${path} is a folder; attach files`);
    total += info.size;
    if (total > LIMITS.attachmentBytes)
      throw new ApiError('TOO_LARGE', `attachments add up to more than ${mb(LIMITS.attachmentBytes)}; send fewer or smaller files`);
    const filename = basename(await ctx.staging.resolve(path));
    const content = await readFile(file);
    out.push({ filename, content, contentType: contentTypeOf(filename, content) });
  }
  return out;
}

/** Builds the RFC 5322 message (MIME via nodemailer's MailComposer); returns its bytes and Message-ID. */
export async function buildMessage(ctx: ApiContext, mail: Outgoing, keepBcc = false): Promise<{ raw: Buffer; messageId: string; attachments: string[] }> {
  const attachments = await loadAttachments(ctx, mail.attachments);
  const messageId = `<${randomUUID()}@switchboard.local>`;
  const composer = new MailComposer({
    from: headerAddress(mail.from),
    to: mail.to.map(headerAddress),
    cc: mail.cc.map(headerAddress),
    bcc: mail.bcc.map(headerAddress),
    subject: mail.subject.replace(/[\r\n]+/g, ' '),
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    attachments,
    messageId,
    date: new Date(),
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.references?.length ? { references: mail.references } : {}),
  });
  const node = composer.compile();
  // Drafts keep Bcc so sending the draft later still reaches those recipients; sent messages never show it.
  (node as unknown as { keepBcc: boolean }).keepBcc = keepBcc;
  const raw = await new Promise<Buffer>((resolve, reject) => node.build((error, message) => (error ? reject(error) : resolve(message))));
  return { raw, messageId, attachments: attachments.map((a) => a.filename) };
}

/** The message without its Bcc header (a draft's Bcc recipients get the message but never see the list). */
export function withoutBcc(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  const end = /\r?\n\r?\n/.exec(text);
  const head = end ? text.slice(0, end.index) : text;
  const kept = head.replace(/^bcc:.*(?:\r?\n[ \t].*)*(?:\r?\n|$)/gim, '');
  return kept === head ? raw : Buffer.concat([Buffer.from(kept, 'latin1'), raw.subarray(head.length)]);
}
