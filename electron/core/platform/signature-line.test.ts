import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineApi, definePack, packDocuments } from '../../../apis/sdk';
import { officeDocuments } from '../../../test/helpers/office-docs';
import { signatureLine, summaryOf } from './signature-line';

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
      'files.tidy({path: string, mode?: "move"|"copy", size?: string, limit?: number, names?: string|string[], rename?: {from: string, to: string}, rules?: {…}[]}) [stage]: Tidy a folder of invoices into one subfolder per customer and year',
    );
  });

  it('shows a real API as the fields the verifier checks against', () => {
    const create = officeDocuments().find((d) => d.name === 'calendar.createEvent')!;
    const line = signatureLine(create);
    for (const field of Object.keys(create.parameters.properties ?? {})) expect(line).toMatch(new RegExp(`[{ ]${field}\\??: `));
    expect(line).toMatch(/title: string, start: string/);
    expect(line).toMatch(/allowOverlap\?: boolean/);
    expect(line).toMatch(/\) \[stage\]: Add an event to a person's calendar or to any \.ics file$/);
  });
});

const bare = (w: string) => w.replace(/^\(/, '').replace(/[,.:;)]+$/, '');

describe('summaryOf (issue 13: never cut inside a word or phrase)', () => {
  it('keeps a short first sentence whole, without its bracketed asides', () => {
    expect(summaryOf('Make a new deck (a .pptx) from slides, in one call. More.')).toBe('Make a new deck from slides, in one call');
    expect(summaryOf('Make a PDF with one page per image (PNG), in the order given (pdf-lib). pageSize "fit" makes it fit.')).toBe(
      'Make a PDF with one page per image, in the order given',
    );
  });

  it('takes the first clause of a long sentence, up to a colon, semicolon or bracket', () => {
    expect(summaryOf('Find conflicts: pairs of events that share time, in one calendar, several calendars, or an .ics file.')).toBe('Find conflicts');
    expect(summaryOf('Send a message; the person approves first, and a copy is kept in the Sent folder of the mailbox.')).toBe('Send a message');
  });

  it('cuts a long clause at a word boundary, never after an article or preposition, and says so with "…"', () => {
    const s = summaryOf('Summarise the revenues of all customers in the big ledger book for a board report, quarter by quarter.');
    expect(s).toBe('Summarise the revenues of all customers in the big ledger book…');
    expect(s.length).toBeLessThanOrEqual(71);
    expect(summaryOf('Define a named range so formulas can say =SUM(Sales) instead of =SUM(B2:B100) in every sheet.')).toBe(
      'Define a named range so formulas can say =SUM(Sales) instead…',
    );
  });

  it('gives every built-in API a summary of at most 70 characters that ends on a whole word', () => {
    for (const d of officeDocuments()) {
      const s = summaryOf(d.description);
      const words = s.replace(/…$/, '').split(/\s+/);
      expect(s.replace(/…$/, '').length, d.name).toBeLessThanOrEqual(70);
      // Every word of the summary is a whole word of the description (none cut short).
      const whole = new Set(d.description.split(/\s+/).map(bare));
      for (const w of words) expect(whole.has(bare(w)), `${d.name}: "${w}"`).toBe(true);
      expect(s, d.name).not.toMatch(/\s(a|an|the|of|to|for|in|with|and|or)…$/i);
    }
  });
});
