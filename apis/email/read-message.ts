import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { display, existsInRun } from './mailbox';
import { readMessageAt } from './message-source';

/** A safe file name for an attachment's own name (no folders, no characters file systems refuse). */
function attachmentName(name: string | undefined, index: number): string {
  const base = basename((name ?? '').replace(/\\/g, '/'))
    // eslint-disable-next-line no-control-regex -- control characters are what file names must not hold
    .replace(/[:*?"<>|\0-\x1f]/g, '_')
    .replace(/^\.+/, '')
    .slice(-120);
  return base || `attachment-${index + 1}`;
}

export const readMessage = defineApi({
  name: 'readMessage',
  description: `Read one message (an .eml file, or an IMAP account message "imap:<folder>/<uid>" from email.listMessages): headers, the plain text, the HTML converted to text (tables as tab-separated lines, and as rows of cells), and the attachments; on request the attachments are saved into a folder (staged, written at Apply).
Inputs: path (from email.listMessages), saveAttachmentsTo (a folder; omit to only list them), attachments (names to save; all when omitted), overwrite (replace files of the same name), maxTextChars.
Output: { path, from, to, cc, replyTo, subject, date, messageId, inReplyTo, references, text (plain part, or the HTML as text when there is none), htmlText, tables, attachments: [{ name, contentType, size, savedTo (path or null) }], truncated }.
Limits: messages over 40 MB, header blocks over 256 KB, more than 1000 parts or nesting deeper than 20 are refused; so are broken base64 and unknown transfer encodings. Nothing is saved unless the whole message reads.
Errors: NOT_FOUND, PERMISSION_DENIED (outside the granted folders), TOO_LARGE, INVALID_FILE (not a message, MIME bomb, broken encoding), INVALID_ARGUMENTS (an attachment name the message lacks; a file exists without overwrite).`,
  parameters: z.object({
    path: z.string().min(1).describe('the .eml file, or an "imap:<folder>/<uid>" id from email.listMessages'),
    saveAttachmentsTo: z.string().min(1).optional().describe('folder to save attachments into (staged)'),
    attachments: z.array(z.string().min(1)).optional().describe('attachment names to save; all when omitted'),
    overwrite: z.boolean().default(false).describe('replace existing files when saving attachments'),
    maxTextChars: z.number().int().min(100).max(5_000_000).default(200_000).describe('longest text and htmlText returned'),
  }),
  returns: z.object({
    path: z.string(),
    from: z.string(),
    to: z.array(z.string()),
    cc: z.array(z.string()),
    replyTo: z.array(z.string()).describe('Reply-To addresses (empty when none)'),
    subject: z.string(),
    date: z.string().nullable().describe('ISO time sent (Date header, else a "Sent:" line in the body), or null'),
    messageId: z.string().nullable(),
    inReplyTo: z.string().nullable(),
    references: z.array(z.string()),
    text: z.string().describe('the plain text body, or the HTML as text when the message has no plain part'),
    htmlText: z.string().describe('the HTML body as text ("" without HTML)'),
    tables: z.array(z.array(z.array(z.string()))).describe('HTML tables: rows of cell texts, the header row first'),
    attachments: z.array(z.object({ name: z.string(), contentType: z.string(), size: z.number(), savedTo: z.string().nullable() })),
    truncated: z.boolean().describe('text or htmlText was cut at maxTextChars'),
  }),
  examples: [
    `const { messages } = await email.listMessages({ person: 'Alice', subject: 'table' });\nconst msg = await email.readMessage({ path: messages[0].path });\nconst [header, ...rows] = msg.tables[0] ?? [];\nlog({ header, rows, text: msg.text });`,
    `const { messages } = await email.listMessages({ text: 'report' });\nconst msg = await email.readMessage({ path: messages[0].path, saveAttachmentsTo: 'attachments' });\nlog(msg.attachments.map((a) => a.savedTo));`,
  ],
  composition:
    'Find the path with email.listMessages. Saved attachments can be opened at once with xlsx.readRange, docx.readDocument or fs.readText; answer with email.reply({ path }).',
  effects: 'stage',
  run: async (args, ctx) => {
    const { message: m, shown } = await readMessageAt(ctx, args.path);
    const names = m.attachments.map((a, i) => attachmentName(a.filename, i));
    const wanted = args.attachments ?? names;
    for (const w of wanted)
      if (!names.includes(w)) throw new ApiError('INVALID_ARGUMENTS', `${args.path} has no attachment ${w}; it has ${names.join(', ') || 'none'}`);
    const targets = new Map<number, string>();
    if (args.saveAttachmentsTo !== undefined) {
      const folder = await ctx.staging.resolve(args.saveAttachmentsTo);
      for (const [i, name] of names.entries()) {
        if (!wanted.includes(name) || [...targets.values()].includes(join(folder, name))) continue;
        const target = join(folder, name);
        if (!args.overwrite && (await existsInRun(ctx, target)))
          throw new ApiError('INVALID_ARGUMENTS', `${display(ctx, target)} exists; pass overwrite: true`);
        targets.set(i, target);
      }
      // Everything is checked before the first write, so a refusal stages nothing.
      for (const [i, target] of targets) {
        const staged = await ctx.staging.stageFile(target, /\.(pptx|xlsx|docx)$/i.test(target) ? (target.split('.').pop()!.toLowerCase() as 'pptx') : 'other');
        await mkdir(dirname(staged), { recursive: true });
        await writeFile(staged, m.attachments[i]!.content);
      }
    }
    const cut = (s: string) => (s.length > args.maxTextChars ? s.slice(0, args.maxTextChars) : s);
    const header = (name: string) => {
      const v = m.mail.headers.get(name);
      return typeof v === 'string' ? v : null;
    };
    const references = m.mail.references === undefined ? [] : Array.isArray(m.mail.references) ? m.mail.references : [m.mail.references];
    return {
      path: shown,
      from: m.from,
      to: m.to,
      cc: m.cc,
      replyTo: m.mail.replyTo ? m.mail.replyTo.value.map((a) => a.address ?? '').filter(Boolean) : [],
      subject: m.subject,
      date: m.date,
      messageId: m.mail.messageId ?? null,
      inReplyTo: m.mail.inReplyTo ?? header('in-reply-to'),
      references,
      text: cut(m.text),
      htmlText: cut(m.htmlText),
      tables: m.tables,
      attachments: m.attachments.map((a, i) => ({
        name: names[i]!,
        contentType: a.contentType,
        size: a.size,
        savedTo: targets.has(i) ? display(ctx, targets.get(i)!) : null,
      })),
      truncated: m.text.length > args.maxTextChars || m.htmlText.length > args.maxTextChars,
    };
  },
});
