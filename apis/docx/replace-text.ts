import type { Element } from '@xmldom/xmldom';
import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { descendants, openDocx, parsePart, saveDocx, serialize, zipBytes } from './lib/io';
import { docxPath } from './lib/schemas';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replaces matches inside one paragraph, even across runs; each match takes the formatting of the run it starts in. */
function replaceInParagraph(p: Element, pattern: RegExp, replacement: string): number {
  const nodes = descendants(p, 't');
  if (nodes.length === 0) return 0;
  const texts = nodes.map((n) => n.textContent ?? '');
  const full = texts.join('');
  const matches = [...full.matchAll(pattern)].filter((m) => m[0].length > 0);
  for (const m of matches.reverse()) {
    const start = m.index;
    const end = start + m[0].length;
    let offset = 0;
    for (let i = 0; i < nodes.length; i++) {
      const a = offset;
      const b = offset + texts[i]!.length;
      offset = b;
      if (b <= start || a >= end) continue;
      const before = start > a ? texts[i]!.slice(0, start - a) : '';
      const after = end < b ? texts[i]!.slice(end - a) : '';
      texts[i] = start >= a ? before + replacement + after : after;
    }
  }
  nodes.forEach((n, i) => {
    if (n.textContent !== texts[i]) {
      n.textContent = texts[i]!;
      n.setAttribute('xml:space', 'preserve');
    }
  });
  return matches.length;
}

export const replaceText = defineApi({
  name: 'replaceText',
  description: `Replace text everywhere in an existing Word document (body, tables, headers, footers), keeping formatting: a match may span several formatted runs and takes the formatting of the run it starts in.
Inputs: path, replacements ([{ find, replace }], applied in order), matchCase, wholeWord.
Output: { path, replaced: { "<find>": count } }. When nothing matched, nothing is staged.
Errors: NOT_FOUND, INVALID_FILE, INVALID_ARGUMENTS (empty find).`,
  parameters: z.object({
    path: docxPath('the .docx file to edit'),
    replacements: z
      .array(z.object({ find: z.string().min(1).describe('text to look for'), replace: z.string().describe('text to put instead') }))
      .min(1)
      .describe('replacements, applied in order'),
    matchCase: z.boolean().default(true).describe('case-sensitive matching'),
    wholeWord: z.boolean().default(false).describe('match whole words only'),
  }),
  returns: z.object({ path: z.string(), replaced: z.record(z.string(), z.number()) }),
  examples: [
    `const r = await docx.replaceText({ path: 'report.docx', replacements: [{ find: 'Draft version', replace: 'Final version' }] });\nlog(r.replaced);`,
  ],
  composition: 'Check the wording first with docx.readDocument. For {{placeholders}} in templates use docx.fillTemplate.',
  effects: 'stage',
  run: async (args, ctx) => {
    const { zip, doc } = await openDocx(ctx, args.path);
    const parts = [{ name: 'word/document.xml', doc }];
    for (const name of Object.keys(zip.files).filter((n) => /^word\/(header|footer|footnotes|endnotes)\d*\.xml$/.test(n)))
      parts.push({ name, doc: await parsePart(zip, name, args.path) });
    const replaced: Record<string, number> = {};
    let total = 0;
    for (const r of args.replacements) {
      const body = escapeRegExp(r.find);
      const pattern = new RegExp(args.wholeWord ? `(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])` : body, `gu${args.matchCase ? '' : 'i'}`);
      let count = 0;
      for (const part of parts) for (const p of descendants(part.doc, 'p')) count += replaceInParagraph(p, pattern, r.replace);
      replaced[r.find] = count;
      total += count;
    }
    if (total === 0) return { path: args.path, replaced };
    for (const part of parts) zip.file(part.name, serialize(part.doc));
    if (!zip.file('word/document.xml')) throw new ApiError('INVALID_FILE', `${args.path} lost its body`);
    await saveDocx(ctx, args.path, await zipBytes(zip));
    return { path: args.path, replaced };
  },
});
