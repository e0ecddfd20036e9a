import { readFile, stat } from 'node:fs/promises';
import type * as MailparserModule from 'mailparser';
import type { AddressObject, Attachment, ParsedMail } from 'mailparser';
import { ApiError, errorMessage } from '../sdk';
import { htmlToText } from './html-text';
import { guardMessage, LIMITS, mb } from './mime-guard';
import { lazyModule } from '../sdk/lazy-module';

// mailparser: loaded when an API first uses it, not when the pack is listed.
const simpleParser = lazyModule<typeof MailparserModule.simpleParser>('mailparser', (m) => m.simpleParser);

/** A message read from an .eml file, with the parts the APIs report. */
export interface ParsedMessage {
  mail: ParsedMail;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  /** ISO time, or null when neither the Date header nor a "Sent:" line in the body gives one. */
  date: string | null;
  dateSource: 'header' | 'body' | 'none';
  /** The plain text body, or the HTML converted to text when there is no plain part. */
  text: string;
  /** The HTML body converted to text ('' without HTML). */
  htmlText: string;
  tables: string[][][];
  attachments: Attachment[];
}

/** "Name <address>" or the bare address, for each address of a header. */
export function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const out: string[] = [];
  const add = (entries: AddressObject['value']) => {
    for (const a of entries) {
      if (a.group) add(a.group);
      else if (a.address || a.name) out.push(a.name && a.address ? `${a.name} <${a.address}>` : (a.address ?? a.name));
    }
  };
  for (const v of list) add(v.value);
  return out;
}

const SENT_LINE = /^[ \t>]*(?:sent at|sent|date)[ \t]*:[ \t]*(.+)$/im;

/** A date written in a body line; a time without a zone is read as UTC. */
export function parseLooseDate(value: string): Date | undefined {
  const v = value.trim();
  const naive = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?$/.exec(v);
  const date = naive ? new Date(`${naive[1]}T${naive[2] ?? '00:00'}Z`) : new Date(v);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function messageDate(mail: ParsedMail, text: string): { date: string | null; dateSource: ParsedMessage['dateSource'] } {
  if (mail.date && !Number.isNaN(mail.date.getTime()) && mail.headers.has('date')) return { date: mail.date.toISOString(), dateSource: 'header' };
  const line = SENT_LINE.exec(text)?.[1];
  const parsed = line ? parseLooseDate(line) : undefined;
  return parsed ? { date: parsed.toISOString(), dateSource: 'body' } : { date: null, dateSource: 'none' };
}

/** Parses raw message bytes after the structural guard; every failure is an ApiError naming `label`. */
export async function parseMessage(raw: Buffer, label: string): Promise<ParsedMessage> {
  guardMessage(raw, label);
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, {
      skipTextToHtml: true,
      skipTextLinks: true,
      skipImageLinks: true,
      skipHtmlToText: true,
      maxHtmlLengthToParse: LIMITS.messageBytes,
    });
  } catch (error) {
    throw new ApiError('INVALID_FILE', `${label} cannot be read as an email message: ${errorMessage(error)}`);
  }
  const html = typeof mail.html === 'string' ? htmlToText(mail.html) : { text: '', tables: [] };
  const text = mail.text ?? html.text;
  return {
    mail,
    from: addresses(mail.from)[0] ?? '',
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    subject: mail.subject ?? '',
    ...messageDate(mail, text),
    text,
    htmlText: html.text,
    tables: html.tables,
    attachments: mail.attachments,
  };
}

/** Reads and parses the .eml at a real path (size checked before reading). */
export async function readMessageFile(file: string, label: string): Promise<ParsedMessage> {
  const size = (await stat(file)).size;
  if (size > LIMITS.messageBytes) throw new ApiError('TOO_LARGE', `${label} is ${mb(size)}; messages over ${mb(LIMITS.messageBytes)} are refused`);
  return parseMessage(await readFile(file), label);
}

/** A short one-line preview of a text. */
export function snippet(text: string, length = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
