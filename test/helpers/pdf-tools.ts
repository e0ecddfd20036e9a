import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { serializePdf } from './office-fixtures';

// poppler as the second reader of every PDF the pdf pack writes.

const run = promisify(execFile);

/** Whether poppler's tools are installed; under CI=true their absence fails instead of skipping. */
export function hasPoppler(): boolean {
  if (['pdfinfo', 'pdftotext', 'pdffonts', 'pdftoppm'].every((t) => existsSync(`/usr/bin/${t}`))) return true;
  if (process.env.CI === 'true') throw new Error('CI needs poppler-utils (apt-get install poppler-utils)');
  process.stderr.write('\n!!! SKIPPING PDF second-reader tests: poppler-utils is not installed\n\n');
  return false;
}

/** pdfinfo's fields (Pages, Title, Encrypted...). */
export async function pdfInfo(file: string): Promise<Record<string, string>> {
  const { stdout } = await run('pdfinfo', [file]);
  return Object.fromEntries(
    stdout
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
  );
}

/** The text of each page, by pdftotext. */
export async function pdfPages(file: string): Promise<string[]> {
  const { stdout } = await run('pdftotext', ['-layout', file, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout.split('\f').slice(0, -1);
}

export async function pdfFonts(file: string): Promise<string> {
  return (await run('pdffonts', [file])).stdout;
}

/** Renders one page to greyscale pixels with pdftoppm and returns the share of non-white pixels. */
export async function inkRatio(file: string, page = 1, dpi = 50): Promise<number> {
  const { stdout } = await run('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), file], {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
  });
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(stdout.subarray(0, 50).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not return a PGM image');
  const pixels = stdout.subarray(header[0].length);
  let ink = 0;
  for (const v of pixels) if (v < 200) ink++;
  return ink / pixels.length;
}

/**
 * A hand-made PDF for hostile-input tests: `count` overrides the page tree's claimed page count, and
 * `cycle` makes the page tree its own kid.
 */
export function craftedPdf(options: { count?: number; cycle?: boolean } = {}): Buffer {
  const objects = [
    '',
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${options.cycle ? '2 0 R' : '3 0 R'}] /Count ${options.count ?? 1} >>`,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>',
  ];
  return serializePdf(objects);
}
