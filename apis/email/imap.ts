import { ImapFlow, type FetchMessageObject, type MessageAddressObject, type MessageStructureObject, type SearchObject } from 'imapflow';
import { z } from 'zod';
import { ApiError, type ApiContext } from '../sdk';
import { imapMessageId } from './imap-ids';
import { MAX_FILES } from './mailbox';
import { LIMITS, mb } from './mime-guard';
import { parseMessage, snippet, type ParsedMessage } from './parse';

/** The IMAP account in settings.json `packs.email.imap`; its password is the secret `pack.email.imap.password`. */
export const imapAccountSchema = z
  .object({
    host: z.string().min(1).max(255),
    port: z.number().int().min(1).max(65_535).default(993),
    /** TLS from the first byte (port 993); otherwise STARTTLS when the server offers it. */
    secure: z.boolean().default(true),
    user: z.string().min(1).max(320),
  })
  .strict();
export type ImapAccount = z.infer<typeof imapAccountSchema>;

export const IMAP_PASSWORD = 'imap.password';
/** Messages larger than this are listed from their envelope only (no snippet). */
const SNIPPET_SOURCE_BYTES = 1024 * 1024;
function account(ctx: ApiContext): ImapAccount {
  const value = ctx.settings?.values.imap;
  if (value === undefined || value === null)
    throw new ApiError(
      'NOT_FOUND',
      'no IMAP account is configured; set settings.json packs.email.imap { host, port, secure, user } and store the password as the secret pack.email.imap.password (switchboard packs secret email imap.password)',
    );
  const parsed = imapAccountSchema.safeParse(value);
  if (!parsed.success)
    throw new ApiError(
      'INVALID_ARGUMENTS',
      `the email pack's IMAP settings are invalid (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}); fix settings.json packs.email.imap`,
    );
  return parsed.data;
}

function reason(error: unknown): string {
  const e = error as { responseText?: string; message?: string; code?: string };
  return e.responseText || e.message || e.code || String(error);
}

/** Opens the account, locks `folder`, runs `work`, and always logs out; aborting the run closes the connection. */
export async function withImapFolder<T>(ctx: ApiContext, folder: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const acc = account(ctx);
  const pass = await ctx.settings?.secret(IMAP_PASSWORD);
  if (pass === undefined)
    throw new ApiError(
      'PERMISSION_DENIED',
      `no IMAP password is stored for ${acc.user}; store it as the secret pack.email.${IMAP_PASSWORD} (switchboard packs secret email ${IMAP_PASSWORD})`,
    );
  const client = new ImapFlow({
    host: acc.host,
    port: acc.port,
    secure: acc.secure,
    auth: { user: acc.user, pass },
    logger: false,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    disableAutoIdle: true,
  });
  client.on('error', () => undefined); // socket errors surface through the pending command
  const abort = () => client.close();
  ctx.signal.addEventListener('abort', abort, { once: true });
  try {
    try {
      await client.connect();
    } catch (error) {
      const authFailed = (error as { authenticationFailed?: boolean }).authenticationFailed === true;
      throw new ApiError(
        authFailed ? 'PERMISSION_DENIED' : 'API_ERROR',
        `${authFailed ? 'the IMAP server refused the login of' : 'could not reach the IMAP account of'} ${acc.user} at ${acc.host}:${acc.port}: ${reason(error)}`,
      );
    }
    let lock;
    try {
      lock = await client.getMailboxLock(folder, { readOnly: true });
    } catch (error) {
      const folders = (await client.list().catch(() => [])).map((f) => f.path);
      throw new ApiError('NOT_FOUND', `the IMAP account has no folder ${folder} (${reason(error)}); folders: ${folders.join(', ') || '(none)'}`);
    }
    try {
      return await work(client);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError('API_ERROR', `the IMAP server ${acc.host} failed on ${folder}: ${reason(error)}`);
    } finally {
      lock.release();
    }
  } finally {
    ctx.signal.removeEventListener('abort', abort);
    await client.logout().catch(() => client.close());
  }
}

/** The raw bytes of one message of the account, size-checked before they are fetched. */
export async function fetchImapSource(ctx: ApiContext, folder: string, uid: number): Promise<Buffer> {
  return withImapFolder(ctx, folder, async (client) => {
    const head = await client.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
    if (!head) throw new ApiError('NOT_FOUND', `the IMAP folder ${folder} has no message with UID ${uid}`);
    if ((head.size ?? 0) > LIMITS.messageBytes)
      throw new ApiError('TOO_LARGE', `${imapMessageId(folder, uid)} is ${mb(head.size!)}; messages over ${mb(LIMITS.messageBytes)} are refused`);
    const full = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
    if (!full || !full.source) throw new ApiError('NOT_FOUND', `the IMAP folder ${folder} has no message with UID ${uid}`);
    return full.source;
  });
}

/** Reads and parses one account message (same guards as an .eml file). */
export async function readImapMessage(ctx: ApiContext, folder: string, uid: number): Promise<ParsedMessage> {
  return parseMessage(await fetchImapSource(ctx, folder, uid), imapMessageId(folder, uid));
}

function formatAddress(a: MessageAddressObject): string {
  return a.name && a.address ? `${a.name} <${a.address}>` : (a.address ?? a.name ?? '');
}

function attachmentNames(node: MessageStructureObject | undefined, out: string[] = []): string[] {
  if (!node) return out;
  const name = node.dispositionParameters?.filename ?? node.parameters?.name;
  if (node.disposition === 'attachment' || (name && !node.type.startsWith('multipart/'))) out.push(name ?? '(unnamed)');
  for (const child of node.childNodes ?? []) attachmentNames(child, out);
  return out;
}

export interface ImapListQuery {
  from?: string;
  to?: string;
  subject?: string;
  text?: string;
  after?: number;
  before?: number;
  order: 'newest' | 'oldest';
  limit: number;
}

export interface ImapSummary {
  path: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  date: string | null;
  snippet: string;
  attachments: string[];
}

function searchOf(q: ImapListQuery): SearchObject {
  const search: SearchObject = { all: true };
  if (q.from) search.from = q.from;
  if (q.to) search.or = [{ to: q.to }, { cc: q.to }];
  if (q.subject) search.subject = q.subject;
  if (q.text) search.text = q.text;
  // SENTSINCE/SENTBEFORE (the Date header) compare dates only: widen by a day and filter the exact times below.
  if (q.after !== undefined) search.sentSince = new Date(q.after - 86_400_000);
  if (q.before !== undefined) search.sentBefore = new Date(q.before + 86_400_000);
  return search;
}

function summaryOf(folder: string, m: FetchMessageObject): ImapSummary {
  const env = m.envelope;
  const date = env?.date ?? m.internalDate;
  const iso = date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
  return {
    path: imapMessageId(folder, m.uid),
    from: env?.from?.[0] ? formatAddress(env.from[0]) : '',
    to: (env?.to ?? []).map(formatAddress),
    cc: (env?.cc ?? []).map(formatAddress),
    subject: env?.subject ?? '',
    date: iso,
    snippet: '',
    attachments: attachmentNames(m.bodyStructure),
  };
}

/** The account folder's messages matching `q`: searched on the server, exact dates and order here, snippets from the sources of the messages returned. */
export async function listImap(ctx: ApiContext, folder: string, q: ImapListQuery): Promise<{ messages: ImapSummary[]; total: number }> {
  return withImapFolder(ctx, folder, async (client) => {
    const uids = (await client.search(searchOf(q), { uid: true })) || [];
    if (uids.length > MAX_FILES)
      throw new ApiError('TOO_LARGE', `more than ${MAX_FILES} messages in the IMAP folder ${folder} match; narrow with from, to, subject, text or dates`);
    if (uids.length === 0) return { messages: [], total: 0 };
    const fetched = await client.fetchAll(uids.join(','), { uid: true, envelope: true, internalDate: true, size: true, bodyStructure: true }, { uid: true });
    const inRange = fetched
      .map((m) => ({ m, s: summaryOf(folder, m) }))
      .filter(({ s }) => {
        if (q.after === undefined && q.before === undefined) return true;
        if (s.date === null) return false;
        const t = Date.parse(s.date);
        return (q.after === undefined || t >= q.after) && (q.before === undefined || t < q.before);
      });
    const sign = q.order === 'newest' ? -1 : 1;
    inRange.sort(
      (a, b) =>
        (a.s.date === null ? 1 : 0) - (b.s.date === null ? 1 : 0) ||
        sign * ((a.s.date ? Date.parse(a.s.date) : 0) - (b.s.date ? Date.parse(b.s.date) : 0)) ||
        sign * (a.m.uid - b.m.uid),
    );
    const chosen = inRange.slice(0, q.limit);
    // One fetch for the sources of every returned message small enough to preview, not a round trip each.
    const byUid = new Map(chosen.filter(({ m }) => (m.size ?? Infinity) <= SNIPPET_SOURCE_BYTES).map(({ m, s }) => [m.uid, s]));
    const sources = byUid.size > 0 ? await client.fetchAll([...byUid.keys()].join(','), { uid: true, source: true }, { uid: true }) : [];
    for (const full of sources) {
      const s = byUid.get(full.uid);
      if (!s || !full.source) continue;
      const parsed = await parseMessage(full.source, s.path).catch(() => undefined);
      if (parsed) s.snippet = snippet(parsed.text || parsed.htmlText);
    }
    return { messages: chosen.map(({ s }) => s), total: inRange.length };
  });
}
