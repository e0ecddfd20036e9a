import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { previewEntry } from '../../core/preview/preview-handlers';
import type { ArtifactPreviewView, GridSheetView } from '../../shared/preview';
import type { SessionEntry } from './session-staging';

type Content = CallToolResult['content'];

const GRID_ROWS = 40;
const GRID_COLUMNS = 20;

/** A sheet as a bounded, tab-separated grid (what a model can read). */
function gridText(sheet: GridSheetView): string {
  const rows = sheet.cells.slice(0, GRID_ROWS).map((row) =>
    row
      .slice(0, GRID_COLUMNS)
      .map((cell) => (cell ? cell.text : ''))
      .join('\t'),
  );
  const more = sheet.rowCount > GRID_ROWS ? `\n… ${sheet.rowCount - GRID_ROWS} more rows` : '';
  return `Sheet "${sheet.name}" (${sheet.rowCount} rows × ${sheet.columnCount} columns)\n${rows.join('\n')}${more}`;
}

/** A Word document's HTML preview as a text outline: headings marked, paragraphs and table rows on lines. */
export function htmlOutline(html: string): string {
  return html
    .replace(/<h([1-6])[^>]*>/gi, (_m, level: string) => `\n${'#'.repeat(Number(level))} `)
    .replace(/<\/(p|h[1-6]|li|tr|div)>/gi, '\n')
    .replace(/<li[^>]*>/gi, '- ')
    .replace(/<\/t[dh]>/gi, '\t')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .join('\n');
}

/** MCP content for one preview: text for documents and sheets, one PNG image per slide for decks. */
export function previewContent(target: string, preview: ArtifactPreviewView): Content {
  if (preview.kind === 'docx') return [{ type: 'text', text: `${target} (Word document)\n${htmlOutline(preview.html)}` }];
  if (preview.kind === 'xlsx') return [{ type: 'text', text: `${target} (workbook)\n${preview.sheets.map(gridText).join('\n\n')}` }];
  const content: Content = [
    { type: 'text', text: `${target} (deck, ${preview.slideCount} slides, rendered as ${preview.mode}${preview.reason ? `: ${preview.reason}` : ''})` },
  ];
  for (const slide of preview.slides) {
    const match = /^data:(image\/[a-z+]+);base64,(.*)$/s.exec(slide.image);
    if (match) content.push({ type: 'image', mimeType: match[1]!, data: match[2]! });
  }
  return content;
}

/** The preview of one staged file of the session. */
export async function previewSessionEntry(item: SessionEntry): Promise<Content> {
  if (item.entry.action === 'delete') return [{ type: 'text', text: `${item.entry.target} will be deleted when applied.` }];
  return previewContent(item.entry.target, await previewEntry(item.entry));
}
