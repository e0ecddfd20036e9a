import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ApiError, type StagingWorkspace } from '../../../apis/sdk';
import type { CallOptions, CallOutcome } from '../platform/pack-runtime';
import { errorMessage } from '../../shared/errors';

/**
 * The text of the images a turn names, read before the program is written so the model sees what OCR
 * returns ("Jume 20, 2024") instead of guessing. Read-only: the image pack's readText runs through the
 * pack manager with a workspace that can read the one file and stage nothing. Results are cached by
 * path, mtime and size, so a turn (or the next one) never reads the same unchanged image twice.
 */

/** Reads the text of one image (an absolute path inside a granted folder). */
export type ImageTextReader = (path: string, signal?: AbortSignal) => Promise<ImageText>;

export type ImageText = { ok: true; text: string; confidence: number } | { ok: false; reason: string };

export type ApiCaller = (name: string, args: unknown, options: CallOptions) => Promise<CallOutcome>;

/** The API that reads image text, and how long one image may take. */
export const IMAGE_TEXT = { api: 'image.readText', timeoutMs: 20_000, cacheEntries: 200 } as const;

export interface ImageTextOptions {
  /** Whether the API is installed (and the person has not removed the image pack). */
  available: () => boolean;
  timeoutMs?: number;
}

export function createImageTextReader(call: ApiCaller, options: ImageTextOptions): ImageTextReader {
  const cache = new Map<string, Promise<ImageText>>();
  const timeoutMs = options.timeoutMs ?? IMAGE_TEXT.timeoutMs;
  return async (path, signal) => {
    if (!options.available()) return { ok: false, reason: `${IMAGE_TEXT.api} is not installed` };
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return { ok: false, reason: 'the file does not exist' };
    const key = `${path}\0${info.mtimeMs}\0${info.size}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const read = readOnce(call, path, timeoutMs, signal);
    cache.set(key, read);
    if (cache.size > IMAGE_TEXT.cacheEntries) cache.delete(cache.keys().next().value!);
    // A time-out or a cancelled turn is not the image's answer: the next turn may try again.
    void read.then((r) => {
      if (!r.ok && (r.reason.startsWith('OCR took') || signal?.aborted)) cache.delete(key);
    });
    return read;
  };
}

async function readOnce(call: ApiCaller, path: string, timeoutMs: number, signal?: AbortSignal): Promise<ImageText> {
  const limit = AbortSignal.timeout(timeoutMs);
  const both = signal ? AbortSignal.any([signal, limit]) : limit;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<ImageText>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `OCR took longer than ${Math.round(timeoutMs / 1000)} s` }), timeoutMs);
  });
  const outcome = call(IMAGE_TEXT.api, { path }, { signal: both, roots: [dirname(path)], timeoutMs, staging: readOnlyFile(path) }).then(
    (o): ImageText => {
      if (!o.ok) return { ok: false, reason: `${o.error.code}: ${o.error.message}` };
      const value = o.value as { text?: unknown; confidence?: unknown };
      return { ok: true, text: typeof value.text === 'string' ? value.text : '', confidence: typeof value.confidence === 'number' ? value.confidence : 0 };
    },
    (error: unknown): ImageText => ({ ok: false, reason: errorMessage(error) }),
  );
  try {
    return await Promise.race([outcome, late]);
  } finally {
    clearTimeout(timer);
  }
}

const refuse = async (): Promise<never> => {
  throw new ApiError('PERMISSION_DENIED', 'reading image text for the prompt stages nothing');
};

/** A workspace that reads exactly one file and writes nothing. */
export function readOnlyFile(file: string): StagingWorkspace {
  const only = async (path: string): Promise<string> => {
    if (path !== file) throw new ApiError('PERMISSION_DENIED', `${path} is not the file being read`);
    return file;
  };
  return { dir: '', resolve: only, readPath: only, stageFile: refuse, stageDelete: refuse, entries: () => [] };
}
