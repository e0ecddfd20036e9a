import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Whether LibreOffice and poppler are installed (tests skip loudly without them, and fail under CI). */
export async function hasOfficeTools(): Promise<boolean> {
  try {
    await run('soffice', ['--version'], { timeout: 60_000 });
    await run('pdftotext', ['-v']);
    return true;
  } catch {
    return false;
  }
}

/**
 * Converts several Office files to PDF in ONE LibreOffice start (about a second each start), then returns
 * each file's text page by page (pdftotext) and the fonts the PDF embeds (pdffonts). A file LibreOffice
 * cannot open has no entry.
 */
export async function officeToPdfText(files: readonly string[]): Promise<Map<string, { pages: string[]; fonts: string }>> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-soffice-'));
  try {
    await run('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', join(dir, 'out'), ...files], { timeout: 180_000 });
    const out = new Map<string, { pages: string[]; fonts: string }>();
    for (const file of files) {
      const pdf = join(dir, 'out', basename(file).replace(/\.[^.]+$/, '.pdf'));
      try {
        const { stdout } = await run('pdftotext', ['-layout', pdf, '-'], { maxBuffer: 64 * 1024 * 1024 });
        const fonts = (await run('pdffonts', [pdf])).stdout;
        out.set(file, { pages: stdout.split('\f').slice(0, -1), fonts });
      } catch {
        // No PDF: LibreOffice could not open the file.
      }
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * True when LibreOffice and poppler can be used. Outside CI a missing tool skips the suite with a loud
 * warning; under CI=true it throws, so a CI machine without them fails instead of passing vacuously.
 */
export async function officeToolsOrSkip(suite: string): Promise<boolean> {
  if (await hasOfficeTools()) return true;
  if (process.env.CI === 'true') throw new Error(`${suite}: LibreOffice (soffice) and poppler-utils are required under CI`);
  process.stderr.write(`\n*** ${suite}: SKIPPED — soffice or pdftotext is not installed (apt-get install libreoffice-impress poppler-utils) ***\n\n`);
  return false;
}
