import { mkdir } from 'node:fs/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { type ExtractBudget, insideRoot, makeFolder, safeEntryPath, writeEntryFile } from './extract-guard';
import { PackError } from './pack-error';
import { errorMessage } from '../../../shared/errors';

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/**
 * Unpacks a zip into `dest`. yauzl reads the central directory and checks that each entry inflates to
 * exactly its declared size; we also count the bytes we write, so a lying header cannot pass the budget.
 */
export async function extractZip(file: string, dest: string, budget: ExtractBudget, signal?: AbortSignal): Promise<void> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true });
  } catch (error) {
    throw zipError(error);
  }
  try {
    if (zip.entryCount > budget.maxEntries) throw new PackError('TOO_LARGE', `the archive has ${zip.entryCount} entries; the limit is ${budget.maxEntries}`);
    await mkdir(dest, { recursive: true });
    for await (const entry of zip.eachEntry()) {
      signal?.throwIfAborted();
      await extractEntry(zip, entry, dest, budget, signal);
    }
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw zipError(error);
  } finally {
    zip.close();
  }
}

async function extractEntry(zip: ZipFile, entry: Entry, dest: string, budget: ExtractBudget, signal?: AbortSignal): Promise<void> {
  const name = entry.fileName;
  const shown = JSON.stringify(name);
  const rel = safeEntryPath(name);
  budget.addEntry(name);
  const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (type === S_IFLNK) throw new PackError('BAD_ARCHIVE', `archive entry ${shown} refused: links are not allowed`);
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) throw new PackError('BAD_ARCHIVE', `archive entry ${shown} refused: special files are not allowed`);
  if (name.endsWith('/') || type === S_IFDIR) {
    if (rel !== '') await makeFolder(insideRoot(dest, rel), rel);
    return;
  }
  if (rel === '') throw new PackError('BAD_ARCHIVE', `archive entry ${shown} refused: a file without a name`);
  if (entry.isEncrypted()) throw new PackError('BAD_ARCHIVE', `archive entry ${shown} refused: encrypted entries are not supported`);
  if (!entry.canDecodeFileData())
    throw new PackError('BAD_ARCHIVE', `archive entry ${shown} refused: unsupported compression method ${entry.compressionMethod}`);
  // The declared size only lets us fail early; the real limit is the count in writeEntryFile.
  if (entry.uncompressedSize > budget.remaining) {
    throw new PackError('TOO_LARGE', `the pack unpacks to more than ${budget.maxBytes} bytes (entry ${shown} declares ${entry.uncompressedSize})`);
  }
  const stream = await zip.openReadStreamPromise(entry);
  // yauzl inflates as soon as the stream exists, so its size check can fail before we start reading.
  let streamError: unknown;
  stream.on('error', (error) => (streamError ??= error));
  try {
    await writeEntryFile(dest, rel, stream, budget, signal);
  } catch (error) {
    throw streamError ?? error;
  } finally {
    stream.destroy();
  }
  if (streamError !== undefined) throw streamError;
}

const YAUZL_NAME_ERROR = /^(absolute path|invalid relative path|invalid characters in fileName): (.*)$/s;

function zipError(error: unknown): unknown {
  if (error instanceof PackError) return error;
  const message = errorMessage(error);
  const named = YAUZL_NAME_ERROR.exec(message);
  if (named) return new PackError('BAD_ARCHIVE', `archive entry ${JSON.stringify(named[2])} refused: ${named[1]}`, undefined, { cause: error });
  return new PackError('BAD_ARCHIVE', `the zip archive is truncated or corrupt (${message})`, undefined, { cause: error });
}
