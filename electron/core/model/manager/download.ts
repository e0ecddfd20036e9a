import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ModelManagerError } from './errors';
import { errorMessage } from '../../../shared/errors';

export interface DownloadProgress {
  phase: 'download' | 'verify';
  received: number;
  /** Total bytes when known. */
  total?: number;
}

/** Free bytes for the folder (fs.statfs); injectable so tests can run out of space. */
export type FreeSpaceProbe = (dir: string) => Promise<number>;

export const statfsFreeSpace: FreeSpaceProbe = async (dir) => {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
};

export interface DownloadOptions {
  url: string;
  /** Where the finished, verified file is placed (atomically). */
  dest: string;
  /** The partial file kept between attempts (same file system as dest). */
  partial: string;
  expected: { size?: number; sha256?: string; sha1?: string };
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  freeSpace?: FreeSpaceProbe;
  /** Resumptions after a dropped connection before giving up (default 5). */
  retries?: number;
  fetch?: typeof fetch;
}

export interface DownloadResult {
  size: number;
  sha256: string;
  sha1: string;
  /** True when a published checksum was compared. */
  verified: boolean;
  resumed: number;
}

/** Keep this much beyond the file's size free, so a download never fills the disk. */
const SPACE_MARGIN = 64 * 1024 * 1024;

/**
 * Downloads with resume (HTTP Range from the partial file, also after a dropped connection), a
 * free-space check, cancel through the signal (the partial stays for a later resume), then checks
 * size and checksum and renames into place. On a mismatch nothing is left behind.
 */
export async function downloadFile(options: DownloadOptions): Promise<DownloadResult> {
  const { url, partial, expected, signal, onProgress } = options;
  const doFetch = options.fetch ?? fetch;
  const retries = options.retries ?? 5;
  const probe = options.freeSpace ?? statfsFreeSpace;
  await mkdir(dirname(partial), { recursive: true });
  let resumed = 0;
  let total = expected.size;

  for (let attempt = 0; ; attempt++) {
    throwIfCancelled(signal);
    let offset = await sizeOf(partial);
    if (total !== undefined && offset > total) {
      await rm(partial, { force: true });
      offset = 0;
    }
    if (total !== undefined && offset === total && offset > 0) break;
    if (total !== undefined) await checkSpace(probe, dirname(partial), total - offset);

    let response: Response;
    try {
      response = await doFetch(url, { headers: offset > 0 ? { range: `bytes=${offset}-` } : {}, signal, redirect: 'follow' });
    } catch (error) {
      throwIfCancelled(signal);
      if (attempt < retries) continue;
      throw new ModelManagerError('NETWORK', `cannot download ${url}: ${causeOf(error)}`);
    }
    if (response.status === 416 && offset > 0) {
      // The partial is already whole (or the server's file changed): start over once.
      await response.body?.cancel();
      await rm(partial, { force: true });
      if (attempt < retries) continue;
    }
    if (response.status === 404) throw new ModelManagerError('NOT_FOUND', `the server has no file at ${url} (404)`);
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      if (response.status >= 500 && attempt < retries) continue;
      throw new ModelManagerError('NETWORK', `downloading ${url} failed: HTTP ${response.status}`);
    }
    let append = false;
    if (response.status === 206) {
      const range = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
      append = range !== null && Number(range[1]) === offset;
      if (range?.[2] !== undefined && range[2] !== '*') total ??= Number(range[2]);
      if (!append) {
        await response.body.cancel();
        await rm(partial, { force: true });
        continue;
      }
    } else {
      const length = Number(response.headers.get('content-length') ?? NaN);
      if (Number.isFinite(length)) total ??= length;
      offset = 0; // a 200 is the whole file: the server ignored the range
    }
    if (total !== undefined && expected.size === undefined) await checkSpace(probe, dirname(partial), total - offset);
    if (append) resumed++;

    let received = offset;
    let lastReported = -1;
    const step = Math.max(64 * 1024, Math.floor((total ?? 0) / 100));
    const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    body.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received - lastReported >= step || received === total) {
        lastReported = received;
        onProgress?.({ phase: 'download', received, ...(total !== undefined ? { total } : {}) });
      }
    });
    const writer = createWriteStream(partial, { flags: append ? 'a' : 'w', mode: 0o644 });
    try {
      await pipeline(body, writer);
    } catch (error) {
      // The pipeline rejects as soon as the connection drops, while a write may still be landing: wait for the
      // file to close, or the next attempt's Range starts short of the bytes that then arrive (duplicated).
      if (!writer.closed) await new Promise<void>((resolve) => writer.once('close', () => resolve()));
      throwIfCancelled(signal);
      if (attempt < retries) continue;
      throw new ModelManagerError('NETWORK', `the download of ${url} kept failing: ${causeOf(error)}`);
    }
    if (total === undefined || (await sizeOf(partial)) >= total) break;
    // A body that ended early without an error: resume from where it stopped.
    if (attempt >= retries) throw new ModelManagerError('NETWORK', `the download of ${url} ended early ${retries + 1} times`);
  }

  return { ...(await verifyAndPlace(options)), resumed };
}

/** Checks the finished partial's size and checksums, then renames it into place; on a mismatch deletes it. */
async function verifyAndPlace(options: DownloadOptions): Promise<Omit<DownloadResult, 'resumed'>> {
  const { url, dest, partial, expected, signal, onProgress } = options;
  const size = await sizeOf(partial);
  onProgress?.({ phase: 'verify', received: size, total: size });
  const sums = await hashFile(partial, signal);
  if (expected.size !== undefined && size !== expected.size) {
    await rm(partial, { force: true });
    throw new ModelManagerError('SIZE_MISMATCH', `the downloaded file is ${size} bytes, expected ${expected.size}; it was deleted`);
  }
  for (const algorithm of ['sha256', 'sha1'] as const) {
    const want = expected[algorithm];
    if (want !== undefined && want !== sums[algorithm]) {
      await rm(partial, { force: true });
      throw new ModelManagerError(
        'CHECKSUM_MISMATCH',
        `checksum mismatch for ${url}: ${algorithm} is ${sums[algorithm]}, expected ${want}; the file was deleted`,
      );
    }
  }
  await placeAtomically(partial, dest);
  return { size, ...sums, verified: expected.sha256 !== undefined || expected.sha1 !== undefined };
}

/** SHA-256 and SHA-1 of a file in one pass. */
export async function hashFile(file: string, signal?: AbortSignal): Promise<{ sha256: string; sha1: string }> {
  const sha256 = createHash('sha256');
  const sha1 = createHash('sha1');
  for await (const chunk of createReadStream(file, { signal })) {
    sha256.update(chunk as Buffer);
    sha1.update(chunk as Buffer);
  }
  return { sha256: sha256.digest('hex'), sha1: sha1.digest('hex') };
}

async function placeAtomically(from: string, to: string): Promise<void> {
  const handle = await open(from, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await mkdir(dirname(to), { recursive: true });
  await rename(from, to);
}

async function checkSpace(probe: FreeSpaceProbe, dir: string, needed: number): Promise<void> {
  const free = await probe(dir);
  if (free < needed + SPACE_MARGIN) {
    throw new ModelManagerError('NO_SPACE', `not enough free space in ${dir}: ${mb(needed)} needed (plus ${mb(SPACE_MARGIN)} kept free), ${mb(free)} free`);
  }
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ModelManagerError('CANCELLED', 'the download was cancelled; pulling again resumes it');
}

function causeOf(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof Error ? `${errorMessage(error)} (${cause.message})` : errorMessage(error);
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
