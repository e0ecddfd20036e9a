import { z } from 'zod';

/** Contract shapes of chat messages and persisted conversations. */

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const idSchema = z.string().regex(ID_PATTERN, 'ids are 1-64 letters, digits, - or _');

export const MAX_MESSAGE_CHARS = 32_000;
export const MAX_TITLE_CHARS = 120;

/** A file the person attached to a message (kept in the data folder's attachments/). */
export const attachmentSchema = z.object({ id: idSchema, name: z.string(), type: z.string(), size: z.number() });
export type Attachment = z.infer<typeof attachmentSchema>;

/** Largest attachment accepted over the contract (its base64 must fit one 8 MiB message). */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

export const attachmentRoutes = {
  'attachments.add': {
    input: z
      .object({
        name: z.string().trim().min(1).max(255),
        type: z.string().max(127).default(''),
        /** The file's bytes, base64. */
        data: z.string().max(Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 4),
      })
      .strict(),
    output: attachmentSchema,
  },
} as const;

export const chatMessageSchema = z.object({
  id: idSchema,
  conversationId: idSchema,
  role: z.enum(['user', 'assistant']),
  text: z.string(),
  createdAt: z.string(),
  /** Files attached to a user message. */
  attachments: z.array(attachmentSchema).optional(),
  /** The action program run this assistant message reports on (its steps, approvals and artifacts). */
  runId: idSchema.optional(),
  /** What the planner did for this reply, kept with the conversation so it survives a restart. */
  turn: z
    .object({
      turnId: idSchema,
      status: z.string(),
      steps: z.array(z.object({ action: z.string(), search: z.string(), modules: z.array(z.string()) })),
      apis: z.array(z.object({ name: z.string(), score: z.number(), why: z.string() })),
      /** The APIs the turn's program actually called (thumbs on the reply are recorded for these). */
      used: z.array(z.string()).default([]),
      program: z.string().optional(),
      repairs: z.number(),
      artifacts: z.array(z.object({ target: z.string(), kind: z.string(), action: z.string() })),
    })
    .optional(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const conversationSummarySchema = z.object({
  id: idSchema,
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  messageCount: z.number().int().nonnegative(),
  /** The start of the last message. */
  preview: z.string(),
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

/** A list entry; `match` is the text around the first hit when the list was searched. */
export const conversationListEntrySchema = conversationSummarySchema.extend({ match: z.string().optional() });
export type ConversationListEntry = z.infer<typeof conversationListEntrySchema>;

export const conversationRoutes = {
  'conversations.list': {
    input: z
      .object({ query: z.string().max(200).optional(), limit: z.number().int().min(1).max(1000).default(200) })
      .strict()
      .default({ limit: 200 }),
    output: z.array(conversationListEntrySchema),
  },
  'conversations.get': {
    input: z.object({ id: idSchema }).strict(),
    output: z.object({ conversation: conversationSummarySchema, messages: z.array(chatMessageSchema) }),
  },
  'conversations.rename': {
    input: z.object({ id: idSchema, title: z.string().trim().min(1, 'the title is empty').max(MAX_TITLE_CHARS) }).strict(),
    output: conversationSummarySchema,
  },
  'conversations.delete': { input: z.object({ id: idSchema }).strict(), output: z.object({ id: idSchema }) },
} as const;

export const conversationChangedSchema = z.object({
  kind: z.enum(['created', 'updated', 'renamed', 'deleted']),
  id: idSchema,
  /** Absent when deleted. */
  conversation: conversationSummarySchema.optional(),
});
export type ConversationChanged = z.infer<typeof conversationChangedSchema>;
