/** What a person calls a file, from its name's extension first (browsers often send no type) and then its MIME type. */
const BY_EXTENSION: Record<string, string> = {
  xlsx: 'Excel workbook',
  xlsm: 'Excel workbook',
  xls: 'Excel workbook',
  csv: 'CSV table',
  docx: 'Word document',
  doc: 'Word document',
  pptx: 'PowerPoint presentation',
  ppt: 'PowerPoint presentation',
  pdf: 'PDF',
  png: 'PNG image',
  jpg: 'JPEG image',
  jpeg: 'JPEG image',
  gif: 'GIF image',
  webp: 'WebP image',
  svg: 'SVG image',
  txt: 'Text file',
  md: 'Markdown text',
  json: 'JSON file',
  zip: 'ZIP archive',
};

const BY_TYPE: Record<string, string> = {
  'application/pdf': 'PDF',
  'text/csv': 'CSV table',
  'text/plain': 'Text file',
  'application/json': 'JSON file',
  'application/zip': 'ZIP archive',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel workbook',
  'application/vnd.ms-excel': 'Excel workbook',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/msword': 'Word document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint presentation',
  'application/vnd.ms-powerpoint': 'PowerPoint presentation',
};

export function fileKind(name: string, type: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (extension && BY_EXTENSION[extension]) return BY_EXTENSION[extension];
  const mime = type.toLowerCase().split(';')[0]!.trim();
  if (BY_TYPE[mime]) return BY_TYPE[mime];
  if (mime.startsWith('image/')) return `${mime.slice(6).toUpperCase()} image`;
  if (mime.startsWith('text/')) return 'Text file';
  if (mime.startsWith('audio/')) return 'Audio file';
  if (mime.startsWith('video/')) return 'Video file';
  return extension ? `${extension.toUpperCase()} file` : 'File';
}

/** Human-readable size: 24 bytes, 3.1 KB, 2.4 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
