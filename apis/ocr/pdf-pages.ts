import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '../sdk';

/** Poppler's tools render PDF pages for OCR; without them OCR of PDFs is unavailable (not faked). */
export interface PopplerTools {
  pdftoppm: string;
  pdfinfo: string;
}

const DEFAULT_TOOLS: PopplerTools = { pdftoppm: 'pdftoppm', pdfinfo: 'pdfinfo' };

function run(binary: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT')
        return reject(new ApiError('UNAVAILABLE', `${binary} is not installed; reading scanned PDF pages needs poppler-utils (apt-get install poppler-utils)`));
      const text = `${stderr}`.trim();
      if (/incorrect password|encrypted/i.test(text)) return reject(new ApiError('INVALID_FILE', 'the PDF is password-protected'));
      if (error.killed) return reject(new ApiError('TOO_LARGE', `${binary} took longer than ${timeoutMs / 1000} s`));
      reject(new ApiError('INVALID_FILE', `not a readable PDF: ${text.split('\n')[0] || error.message}`));
    });
  });
}

/** The number of pages of a PDF (pdfinfo). */
export async function pdfPageCount(file: string, tools: PopplerTools = DEFAULT_TOOLS): Promise<number> {
  const out = await run(tools.pdfinfo, [file], 30_000);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(out)?.[1]);
  if (!Number.isFinite(pages)) throw new ApiError('INVALID_FILE', 'not a readable PDF: pdfinfo found no page count');
  return pages;
}

/** Renders one page to a greyscale PNG at `dpi` (pdftoppm); a page larger than maxPixels is refused. */
export async function renderPdfPage(file: string, page: number, options: { dpi?: number; tools?: PopplerTools } = {}): Promise<Buffer> {
  const tools = options.tools ?? DEFAULT_TOOLS;
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-ocr-'));
  try {
    // -scale-to bounds the longer side so a huge page size cannot make a huge bitmap.
    await run(
      tools.pdftoppm,
      ['-r', String(options.dpi ?? 200), '-scale-to', '3400', '-gray', '-png', '-f', String(page), '-l', String(page), file, join(dir, 'page')],
      120_000,
    );
    const [name] = await readdir(dir);
    if (!name) throw new ApiError('INVALID_FILE', `page ${page} could not be rendered`);
    return await readFile(join(dir, name));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
