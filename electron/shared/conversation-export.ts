import { z } from 'zod';
import { idSchema } from './conversations';

export const exportFormatSchema = z.enum(['md', 'html', 'json']);
export type ExportFormat = z.infer<typeof exportFormatSchema>;

/** A conversation exported whole: every message with its plan, program, calls and results, and files. */
export const conversationExportRoutes = {
  'conversations.export': {
    input: z.object({ id: idSchema, format: exportFormatSchema }).strict(),
    output: z.object({ id: idSchema, format: exportFormatSchema, filename: z.string(), mimeType: z.string(), content: z.string() }),
  },
} as const;
