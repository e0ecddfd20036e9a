import type * as DocxModule from 'docx';
import type JSZip from 'jszip';
import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { descendants, paragraphText, parsePart, readDocxBytes, saveDocx } from './lib/io';
import { lazyModule } from '../sdk/lazy-module';
import { docxPath } from './lib/schemas';

const Zip = lazyModule<typeof JSZip>('jszip');

// docx: loaded when an API first uses it, not when the pack is listed.
const Paragraph = lazyModule<typeof DocxModule.Paragraph>('docx', (m) => m.Paragraph);
const patchDocument = lazyModule<typeof DocxModule.patchDocument>('docx', (m) => m.patchDocument);
const PatchType = lazyModule<typeof DocxModule.PatchType>('docx', (m) => m.PatchType);
const TextRun = lazyModule<typeof DocxModule.TextRun>('docx', (m) => m.TextRun);

export const fillTemplate = defineApi({
  name: 'fillTemplate',
  description: `Fill a Word template's {{placeholders}} with values and save the result as a new document; the template's formatting (fonts, styles, headers, footers, tables) is kept. A placeholder may be split across formatted runs.
A string value replaces the placeholder inline; a list of strings replaces the placeholder's paragraph with one paragraph per entry. Spaces inside the braces are ignored ({{ name }} = {{name}}).
Inputs: template (.docx with placeholders), path (the filled .docx; may equal template to fill in place), values.
Output: { path, filled (placeholders replaced), missing (placeholders in the template without a value; they stay as text), unused (values with no placeholder) }.
Errors: NOT_FOUND (template), INVALID_FILE, INVALID_ARGUMENTS.`,
  parameters: z.object({
    template: z.string().min(1).describe('the template .docx'),
    path: docxPath('the .docx to write'),
    values: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])).describe('placeholder name (without braces) to its value'),
  }),
  returns: z.object({ path: z.string(), filled: z.array(z.string()), missing: z.array(z.string()), unused: z.array(z.string()) }),
  examples: [
    `const r = await docx.fillTemplate({ template: 'template.docx', path: 'letter-ada.docx', values: { name: 'Ada', order: 'A-1001', date: '3 June', items: ['1 × lamp', '2 × bulbs'] } });\nlog(r.missing);`,
  ],
  composition: 'Fill once per recipient with different paths; read the template first with docx.readDocument to see its placeholders.',
  effects: 'stage',
  run: async (args, ctx) => {
    const bytes = await readDocxBytes(ctx, args.template);
    const zip = await Zip.loadAsync(bytes, { checkCRC32: true }).catch((error: Error) => {
      throw new ApiError('INVALID_FILE', `${args.template} is not a readable docx: ${error.message}`);
    });
    const text: string[] = [];
    for (const name of Object.keys(zip.files).filter((n) => /^word\/(document|header\d*|footer\d*)\.xml$/.test(n))) {
      for (const p of descendants(await parsePart(zip, name, args.template), 'p')) text.push(paragraphText(p));
    }
    const present = new Set([...text.join('\n').matchAll(/\{\{\s*([^{}]+?)\s*\}\}/g)].map((m) => m[1]!));
    const keys = Object.keys(args.values);
    const patches = Object.fromEntries(
      keys.map((k) => {
        const v = args.values[k]!;
        return [
          k,
          Array.isArray(v)
            ? { type: PatchType.DOCUMENT, children: v.map((line) => new Paragraph({ children: [new TextRun(line)] })) }
            : { type: PatchType.PARAGRAPH, children: [new TextRun(String(v))] },
        ];
      }),
    );
    let out: Buffer;
    try {
      out = await patchDocument({ outputType: 'nodebuffer', data: bytes, patches, keepOriginalStyles: true, trimPlaceholders: true, recursive: true });
    } catch (error) {
      throw new ApiError('INVALID_FILE', `${args.template} could not be filled: ${(error as Error).message}`);
    }
    await saveDocx(ctx, args.path, out);
    return {
      path: args.path,
      filled: keys.filter((k) => present.has(k)),
      missing: [...present].filter((k) => !(k in args.values)),
      unused: keys.filter((k) => !present.has(k)),
    };
  },
});
