import { z } from 'zod';
import { defineApi } from '../sdk';
import { buildMessage, recipientList } from './build';
import { defaultFrom, messageFields, stageDraft } from './fields';

export const compose = defineApi({
  name: 'compose',
  description: `Write a new message as a draft .eml file (RFC 5322/MIME, staged; written at Apply). Nothing is sent: send it with email.send({ draft }).
Inputs: to, cc, bcc (names or addresses), from, subject, text, html, attachments (files inside the granted folders, at most 25 MB together), path (the draft file; default drafts/<subject>.eml, numbered when taken), overwrite.
Output: { path, messageId, bytes, to, attachments (file names) }.
Errors: INVALID_ARGUMENTS (a recipient that is neither a name nor an address; path exists without overwrite; path not .eml), NOT_FOUND (an attachment), PERMISSION_DENIED (an attachment or path outside the granted folders), TOO_LARGE (attachments over 25 MB).`,
  parameters: z.object({
    ...messageFields,
    path: z.string().min(1).optional().describe('where to write the draft (.eml); default drafts/<subject>.eml'),
    overwrite: z.boolean().default(false).describe('replace an existing file at path'),
  }),
  returns: z.object({ path: z.string(), messageId: z.string(), bytes: z.number(), to: z.array(z.string()), attachments: z.array(z.string()) }),
  examples: [
    `const draft = await email.compose({ to: 'tom@example.com', subject: 'Quarterly report', text: 'Hi Tom,\\n\\nThe report is attached.\\n', attachments: ['report.docx'] });\nlog(draft.path);`,
  ],
  composition: 'Write the attachments first (docx/xlsx/pptx APIs); compose; then email.send({ draft: path }) delivers it after the person approves.',
  effects: 'stage',
  run: async (args, ctx) => {
    const to = recipientList(args.to);
    const built = await buildMessage(
      ctx,
      {
        from: defaultFrom(ctx, args.from),
        to,
        cc: recipientList(args.cc),
        bcc: recipientList(args.bcc),
        subject: args.subject,
        text: args.text,
        ...(args.html ? { html: args.html } : {}),
        attachments: args.attachments,
      },
      true,
    );
    const path = await stageDraft(ctx, built.raw, args.subject, args.path, args.overwrite);
    return { path, messageId: built.messageId, bytes: built.raw.length, to, attachments: built.attachments };
  },
});
