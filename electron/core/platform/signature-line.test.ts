import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineApi, definePack, packDocuments } from '../../../apis/sdk';
import { officeDocuments } from '../../../test/helpers/office-docs';
import { signatureLine } from './signature-line';

const sample = defineApi({
  name: 'tidy',
  description: 'Tidy a folder of invoices into one subfolder per customer and year: every file is moved, none deleted. Later sentences are not shown.',
  parameters: z.object({
    path: z.string().describe('the folder'),
    mode: z.enum(['move', 'copy']).default('move').describe('what happens to each file'),
    size: z.enum(['xs', 's', 'm', 'l', 'xl']).optional().describe('a size class'),
    limit: z.number().int().optional().describe('most files'),
    names: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .describe('names to take'),
    rename: z
      .object({ from: z.string().describe('old'), to: z.string().describe('new') })
      .optional()
      .describe('one renaming'),
    rules: z
      .array(
        z.object({
          match: z.string().describe('a glob'),
          folder: z.string().describe('where'),
          when: z
            .object({ after: z.string().describe('a date'), before: z.string().describe('a date'), customers: z.array(z.string()).describe('names') })
            .optional()
            .describe('a window'),
        }),
      )
      .default([])
      .describe('placing rules'),
  }),
  returns: z.object({ moved: z.number() }),
  examples: [],
  composition: '',
  effects: 'stage',
  run: async () => ({ moved: 0 }),
});
const [doc] = packDocuments(definePack({ name: 'files', version: '1.0.0', description: 'Files.', apis: [sample] }));

describe('signatureLine', () => {
  it('writes every argument field with its type on one line, required ones without "?", then the effects and the first clause', () => {
    const line = signatureLine(doc!);
    expect(line).not.toContain('\n');
    expect(line).toBe(
      'files.tidy({path: string, mode?: "move"|"copy", size?: string, limit?: number, names?: string|string[], rename?: {from: string, to: string}, rules?: {…}[]}) [stage]: Tidy a folder of invoices into one subfolder per…',
    );
  });

  it('shows a real API as the fields the verifier checks against', () => {
    const create = officeDocuments().find((d) => d.name === 'calendar.createEvent')!;
    const line = signatureLine(create);
    for (const field of Object.keys(create.parameters.properties ?? {})) expect(line).toMatch(new RegExp(`[{ ]${field}\\??: `));
    expect(line).toMatch(/title: string, start: string/);
    expect(line).toMatch(/allowOverlap\?: boolean/);
    expect(line).toMatch(/\) \[stage\]: Add an event to a person's calendar$/);
  });
});
