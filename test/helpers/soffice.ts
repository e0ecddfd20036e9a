import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));

/** Whether LibreOffice is installed; under CI=true its absence fails instead of skipping. */
export function hasSoffice(): boolean {
  if (SOFFICE) return true;
  if (process.env.CI === 'true') throw new Error('CI needs LibreOffice (apt-get install libreoffice-calc libreoffice-writer)');
  process.stderr.write('\n!!! SKIPPING LibreOffice checks: soffice is not installed\n\n');
  return false;
}

/** Converts files to PDF into `outDir` with a private LibreOffice profile (so parallel runs never share one). */
export async function convertToPdf(files: readonly string[], outDir: string): Promise<void> {
  const profile = await mkdtemp(join(tmpdir(), 'soffice-profile-'));
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(SOFFICE!, [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', outDir, ...files], { timeout: 180_000 }, (error, _stdout, stderr) =>
        error ? reject(new Error(`soffice failed: ${stderr || error.message}`)) : resolve(),
      );
    });
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

/** The text of a PDF, by poppler's pdftotext. */
export function pdfText(file: string): Promise<string> {
  return new Promise((resolve, reject) => execFile('pdftotext', ['-layout', file, '-'], { maxBuffer: 32 * 1024 * 1024 }, (e, out) => (e ? reject(e) : resolve(out))));
}
