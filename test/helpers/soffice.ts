import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

// LibreOffice and poppler as second readers: each conversion gets a private profile, so parallel runs never
// share one, and several files go through ONE LibreOffice start (about a second each).

const run = promisify(execFile);

export const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));

/** Whether LibreOffice is installed; under CI=true its absence fails instead of skipping. */
export function hasSoffice(): boolean {
  if (SOFFICE) return true;
  if (process.env.CI === 'true') throw new Error('CI needs LibreOffice (apt-get install libreoffice-calc libreoffice-writer libreoffice-impress)');
  process.stderr.write('\n!!! SKIPPING LibreOffice checks: soffice is not installed\n\n');
  return false;
}

/** Whether LibreOffice and poppler are installed. */
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
 * True when LibreOffice and poppler can be used. Outside CI a missing tool skips the suite with a loud
 * warning; under CI=true it throws, so a CI machine without them fails instead of passing vacuously.
 */
export async function officeToolsOrSkip(suite: string): Promise<boolean> {
  if (await hasOfficeTools()) return true;
  if (process.env.CI === 'true') throw new Error(`${suite}: LibreOffice (soffice) and poppler-utils are required under CI`);
  process.stderr.write(`\n*** ${suite}: SKIPPED — soffice or pdftotext is not installed (apt-get install libreoffice-impress poppler-utils) ***\n\n`);
  return false;
}

/** Converts files to PDF into `outDir` in one LibreOffice start with a private profile. */
export async function convertToPdf(files: readonly string[], outDir: string): Promise<void> {
  const profile = await mkdtemp(join(tmpdir(), 'soffice-profile-'));
  try {
    await run(SOFFICE ?? 'soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', outDir, ...files], {
      timeout: 180_000,
    }).catch((error: { stderr?: string; message: string }) => {
      throw new Error(`soffice failed: ${error.stderr || error.message}`);
    });
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

/** The text of a PDF, by poppler's pdftotext. */
export async function pdfText(file: string): Promise<string> {
  return (await run('pdftotext', ['-layout', file, '-'], { maxBuffer: 64 * 1024 * 1024 })).stdout;
}

/**
 * Converts several Office files to PDF in one LibreOffice start, then returns each file's text page by page
 * and the fonts the PDF embeds (pdffonts). A file LibreOffice cannot open has no entry.
 */
export async function officeToPdfText(files: readonly string[]): Promise<Map<string, { pages: string[]; fonts: string }>> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-soffice-'));
  try {
    await convertToPdf(files, join(dir, 'out'));
    const out = new Map<string, { pages: string[]; fonts: string }>();
    for (const file of files) {
      const pdf = join(dir, 'out', basename(file).replace(/\.[^.]+$/, '.pdf'));
      try {
        const text = await pdfText(pdf);
        const fonts = (await run('pdffonts', [pdf])).stdout;
        out.set(file, { pages: text.split('\f').slice(0, -1), fonts });
      } catch {
        // No PDF: LibreOffice could not open the file.
      }
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
