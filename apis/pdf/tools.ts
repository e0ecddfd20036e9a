import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ApiError, type ApiContext } from '../sdk';

/** External programs the pack drives, with the Debian/Ubuntu packages that provide them. */
const TOOLS = {
  soffice: {
    env: 'SWITCHBOARD_SOFFICE',
    names: ['soffice', 'libreoffice'],
    extra: ['/usr/lib/libreoffice/program/soffice', '/opt/libreoffice/program/soffice', '/Applications/LibreOffice.app/Contents/MacOS/soffice'],
    missing:
      'LibreOffice is needed to convert Office documents to PDF and is not installed. On Debian/Ubuntu: sudo apt-get install libreoffice-writer libreoffice-calc libreoffice-impress (or the libreoffice package); elsewhere install LibreOffice from libreoffice.org. pdf.fromText writes a PDF from text without it.',
  },
  pdftoppm: {
    env: 'SWITCHBOARD_PDFTOPPM',
    names: ['pdftoppm'],
    extra: ['/usr/bin/pdftoppm', '/opt/homebrew/bin/pdftoppm', '/usr/local/bin/pdftoppm'],
    missing:
      "poppler's pdftoppm is needed to render PDF pages as images and is not installed. On Debian/Ubuntu: sudo apt-get install poppler-utils (macOS: brew install poppler).",
  },
} as const;

export type ToolName = keyof typeof TOOLS;

/**
 * The executable for `tool`: the path in its environment variable when set (an empty or missing path
 * means "not installed"), else the first match on PATH or in the usual install folders.
 */
export function locateTool(tool: ToolName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const spec = TOOLS[tool];
  const forced = env[spec.env];
  if (forced !== undefined) return forced && existsSync(forced) ? forced : undefined;
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const dir of dirs) for (const name of spec.names) if (existsSync(join(dir, name))) return join(dir, name);
  return spec.extra.find((p) => existsSync(p));
}

/** The tool's path, or an ApiError that says what to install. */
export function requireTool(tool: ToolName): string {
  const path = locateTool(tool);
  if (!path) throw new ApiError('UNAVAILABLE', TOOLS[tool].missing);
  return path;
}

/**
 * Runs a program to completion in its own process group, killed (the whole group: soffice forks
 * soffice.bin) when the time-out passes or the run is aborted. Resolves with its output; rejects with ApiError.
 */
export function runTool(
  ctx: ApiContext,
  command: string,
  args: readonly string[],
  what: string,
  timeoutMs: number,
): Promise<{ stdout: string; stderr: string }> {
  checkAbort(ctx);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: process.env.HOME ?? '/tmp' } });
    let stdout = '';
    let stderr = '';
    let reason: string | undefined;
    const kill = (why: string) => {
      reason ??= why;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => kill(`${what} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`), timeoutMs);
    const onAbort = () => kill('cancelled');
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-64 * 1024)));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-64 * 1024)));
    const done = () => {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
    };
    child.on('error', (error) => {
      done();
      reject(new ApiError('API_ERROR', `${what} could not start: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      done();
      if (reason) reject(new ApiError('API_ERROR', reason));
      else if (code !== 0)
        reject(new ApiError('API_ERROR', `${what} failed (${signal ?? `exit ${code}`}): ${stderr.trim().slice(-500) || stdout.trim().slice(-500)}`));
      else resolve({ stdout, stderr });
    });
  });
}

function checkAbort(ctx: ApiContext): void {
  if (ctx.signal.aborted) throw new ApiError('API_ERROR', 'cancelled');
}
