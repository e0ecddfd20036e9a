/** What the planner gets from a dropped file: a typed, bounded summary (never the whole file). */

export type CellValue = string | number | boolean | null;
export type ColumnType = 'number' | 'date' | 'boolean' | 'text' | 'empty' | 'mixed';

export interface TableSummary {
  name: string;
  /** Data rows in the whole sheet (below the header). */
  rows: number;
  columns: { name: string; type: ColumnType }[];
  /** The first rows below the header. */
  sample: CellValue[][];
}

export type AttachmentSummary =
  | { kind: 'table'; format: 'xlsx' | 'csv'; path: string; bytes: number; tables: TableSummary[] }
  | {
      kind: 'document';
      format: 'docx';
      path: string;
      bytes: number;
      outline: { level: number; text: string }[];
      text: string;
      tables: string[][][];
      words: number;
      truncated: boolean;
    }
  | { kind: 'slides'; format: 'pptx'; path: string; bytes: number; slides: { index: number; title: string; text: string[]; notes: string }[] }
  | { kind: 'pdf'; format: 'pdf'; path: string; bytes: number; pageCount: number; pages: { page: number; text: string }[]; truncated: boolean }
  | { kind: 'image'; format: 'png' | 'jpg' | 'gif' | 'bmp' | 'webp'; path: string; bytes: number; width: number; height: number }
  | { kind: 'text'; format: 'text' | 'markdown'; path: string; bytes: number; text: string; headings: string[]; truncated: boolean };

export interface ReadLimits {
  /** Largest file read at all. */
  maxBytes: number;
  /** Rows of each table sample. */
  sampleRows: number;
  /** Characters of text kept (documents, text files, all PDF pages together). */
  maxChars: number;
  /** PDF pages read. */
  maxPages: number;
  /** Pixels an image may have (width × height). */
  maxPixels: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxBytes: 100 * 1024 * 1024,
  sampleRows: 20,
  maxChars: 200_000,
  maxPages: 200,
  maxPixels: 200_000_000,
};
