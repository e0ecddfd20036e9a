import { readAttachment } from '../documents';
import type { AttachmentSummary } from '../documents/types';
import type { AttachmentReader } from './attachments';
import { errorMessage } from '../../shared/errors';

/** Characters of a file's summary (about 1,000 tokens): a small text, message or calendar whole; prompts cut to their budgets. */
const MAX_CHARS = 4000;

/** The planner's attachment reader: the document readers' summary as compact text for the prompt. */
export const documentReader: AttachmentReader = async (path) => {
  try {
    return clip(describe(await readAttachment(path)));
  } catch (error) {
    return `It could not be read: ${errorMessage(error)}`;
  }
};

export function describe(summary: AttachmentSummary): string {
  switch (summary.kind) {
    case 'table':
      return summary.tables
        .map((t) => {
          const columns = t.columns.map((c) => `${c.name} (${c.type})`).join(', ');
          const rows = t.sample.slice(0, 5).map((r) => r.map((v) => (v === null ? '' : String(v))).join(' | '));
          return `Sheet "${t.name}": ${t.rows} rows; columns ${columns}.${rows.length ? ` First rows: ${rows.join(' / ')}` : ''}`;
        })
        .join(' ');
    case 'document':
      return `Word document, ${summary.words} words; headings: ${summary.outline.map((h) => h.text).join('; ') || 'none'}; ${summary.tables.length} tables. Text: ${summary.text}`;
    case 'slides':
      return `Deck of ${summary.slides.length} slides: ${summary.slides.map((s) => `${s.index}. ${s.title}${s.text.length ? ` (${s.text.join('; ')})` : ''}`).join(' ')}`;
    case 'pdf':
      return `PDF, ${summary.pageCount} pages. Text: ${summary.pages.map((p) => p.text).join(' ')}`;
    case 'image':
      return `${summary.format.toUpperCase()} image, ${summary.width}×${summary.height} pixels.`;
    case 'text':
      return `Text${summary.headings.length ? `; headings: ${summary.headings.join('; ')}` : ''}. ${summary.text}`;
  }
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_CHARS ? `${flat.slice(0, MAX_CHARS - 1)}…` : flat;
}
