import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { type ExtractBudget, insideRoot, makeFolder, safeEntryPath, writeEntryFile } from './extract-guard';
import { PackError } from './pack-error';
import { errorMessage } from '../../../shared/errors';

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
/** Tar headers, padding and pax records per entry, allowed on top of the unpacked bytes. */
const TAR_OVERHEAD_PER_ENTRY = 2048;

/**
 * Unpacks a gzip-compressed tar into `dest` (which must not exist or be empty). We decompress ourselves
 * and count every decompressed byte, so neither a gzip bomb nor a lying tar header can exceed the budget.
 */
export async function extractTgz(file: string, dest: string, budget: ExtractBudget, signal?: AbortSignal): Promise<void> {
  await mkdir(dest, { recursive: true });
  const parser = new Parser({ strict: true, maxMetaEntrySize: 64 * 1024, zstd: false });

  let failure: unknown;
  let rejectFailed!: (error: unknown) => void;
  const failed = new Promise<never>((_, reject) => (rejectFailed = reject));
  failed.catch(() => undefined);
  const fail = (error: unknown): void => {
    if (failure !== undefined) return;
    failure = error;
    rejectFailed(error);
  };

  // The parser emits one entry at a time and waits for it to end, so this chain is sequential.
  let chain = Promise.resolve();
  parser.on('entry', (entry: ReadEntry) => {
    chain = chain
      .then(() => (failure === undefined ? extractEntry(entry, dest, budget, signal) : undefined))
      .catch(fail)
      .finally(() => entry.resume());
  });
  parser.on('ignoredEntry', (entry: ReadEntry) =>
    fail(new PackError('BAD_ARCHIVE', `archive entry ${JSON.stringify(entry.path)} refused: unsupported or oversized ${entry.type} entry`)),
  );
  parser.on('error', (error: Error) => fail(corrupt(error)));

  const streamCap = budget.maxBytes + budget.maxEntries * TAR_OVERHEAD_PER_ENTRY;
  let streamBytes = 0;
  try {
    await pipeline(
      createReadStream(file),
      createGunzip(),
      async function feed(source: AsyncIterable<Buffer>) {
        try {
          for await (const chunk of source) {
            if (streamBytes === 0 && isCompressed(chunk)) {
              throw new PackError('BAD_ARCHIVE', 'the archive is compressed twice; expected a gzip-compressed tar');
            }
            streamBytes += chunk.length;
            if (streamBytes > streamCap) throw new PackError('TOO_LARGE', `the archive unpacks to more than ${streamCap} bytes`);
            if (failure !== undefined) throw failure;
            if (!parser.write(chunk)) await Promise.race([once(parser, 'drain'), failed]);
            if (failure !== undefined) throw failure;
          }
        } catch (error) {
          // Node 20's pipeline reports the gunzip stream's AbortError instead of ours; keep ours.
          fail(error);
          throw error;
        }
      },
      { signal },
    );
    // Listen first: when nothing is pending, the parser ends synchronously inside end().
    const ended = once(parser, 'end');
    ended.catch(() => undefined);
    parser.end();
    await Promise.race([ended, failed]);
    await chain;
    if (failure !== undefined) throw failure;
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw failure ?? corrupt(error);
  }
}

async function extractEntry(entry: ReadEntry, dest: string, budget: ExtractBudget, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  const rel = safeEntryPath(entry.path);
  budget.addEntry(entry.path);
  const shown = JSON.stringify(entry.path);
  if (entry.type === 'SymbolicLink' || entry.type === 'Link') {
    throw new PackError('BAD_ARCHIVE', `archive entry ${shown} refused: links are not allowed (${entry.type} to ${JSON.stringify(entry.linkpath ?? '')})`);
  }
  if (entry.type === 'Directory') {
    if (rel !== '') await makeFolder(insideRoot(dest, rel), rel);
    return;
  }
  if (!FILE_TYPES.has(entry.type)) throw new PackError('BAD_ARCHIVE', `archive entry ${shown} refused: ${entry.type} entries are not allowed`);
  if (rel === '') throw new PackError('BAD_ARCHIVE', `archive entry ${shown} refused: a file without a name`);
  await writeEntryFile(dest, rel, entry, budget, signal);
}

function isCompressed(chunk: Buffer): boolean {
  const gzip = chunk[0] === 0x1f && chunk[1] === 0x8b;
  const zstd = chunk[0] === 0x28 && chunk[1] === 0xb5 && chunk[2] === 0x2f && chunk[3] === 0xfd;
  return gzip || zstd;
}

function corrupt(error: unknown): unknown {
  if (error instanceof PackError) return error;
  const message = errorMessage(error);
  return new PackError('BAD_ARCHIVE', `the archive is truncated or corrupt (${message})`, undefined, { cause: error });
}
