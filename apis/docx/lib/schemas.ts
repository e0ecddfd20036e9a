import { z } from 'zod';

/** The .docx path parameter every docx API takes, written once; `role` is what the API does with the file. */
export function docxPath(role: string): z.ZodString {
  return z.string().min(1).describe(role);
}
