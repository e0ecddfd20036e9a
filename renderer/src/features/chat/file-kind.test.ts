import { describe, expect, it } from 'vitest';
import { fileKind, formatSize } from './file-kind';

describe('fileKind', () => {
  it('names office files, PDFs and images in words', () => {
    expect(fileKind('q3.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe('Excel workbook');
    expect(fileKind('report.PDF', '')).toBe('PDF');
    expect(fileKind('shot.png', 'image/png')).toBe('PNG image');
    expect(fileKind('deck.pptx', '')).toBe('PowerPoint presentation');
  });
  it('falls back to the MIME type, then the extension, then "File"', () => {
    expect(fileKind('pasted', 'image/heic')).toBe('HEIC image');
    expect(fileKind('notes', 'text/markdown')).toBe('Text file');
    expect(fileKind('data.parquet', 'application/octet-stream')).toBe('PARQUET file');
    expect(fileKind('blob', '')).toBe('File');
  });
});

describe('formatSize', () => {
  it('uses bytes, KB and MB', () => {
    expect(formatSize(1)).toBe('1 byte');
    expect(formatSize(24)).toBe('24 bytes');
    expect(formatSize(3174)).toBe('3.1 KB');
    expect(formatSize(2.4 * 1024 * 1024)).toBe('2.4 MB');
  });
});
