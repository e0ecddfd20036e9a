import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
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
 * each file's text page by page (pdftotext). A file LibreOffice cannot open has no entry.
 */
export async function officeToPdfText(files: readonly string[]): Promise<Map<string, string[]>> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-soffice-'));
  try {
    await run('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', join(dir, 'out'), ...files], { timeout: 180_000 });
    const out = new Map<string, string[]>();
    for (const file of files) {
      const pdf = join(dir, 'out', basename(file).replace(/\.[^.]+$/, '.pdf'));
      try {
        const { stdout } = await run('pdftotext', ['-layout', pdf, '-'], { maxBuffer: 64 * 1024 * 1024 });
        out.set(file, stdout.split('\f').slice(0, -1));
      } catch {
        // No PDF: LibreOffice could not open the file.
      }
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The raw bytes of a converted PDF's page count, for callers that only need to know it converted. */
export async function pdfPages(pdf: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [pdf]);
  return Number(/Pages:\s+(\d+)/.exec(stdout)?.[1] ?? 0) || (await readFile(pdf)).length * 0;
}
