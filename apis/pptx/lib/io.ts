import { readFile, stat, writeFile } from 'node:fs/promises';
import { ApiError, type ApiContext } from '../../sdk';
import { Deck } from './deck';
import { OOXML_LIMITS } from '../../sdk/ooxml-package';
import { mb, message } from './package';

/** Opens a deck for reading: this run's staged version if any, else the file inside a granted root. */
export async function openDeck(ctx: ApiContext, path: string): Promise<Deck> {
  if (!/\.(pptx|pptm|ppsx|potx)$/i.test(path)) throw new ApiError('INVALID_ARGUMENTS', `${path} is not a .pptx file name`);
  const file = await ctx.staging.readPath(path);
  const size = (await stat(file)).size;
  if (size > OOXML_LIMITS.maxBytes) throw new ApiError('TOO_LARGE', `${path} is ${mb(size)}; the limit is ${mb(OOXML_LIMITS.maxBytes)}`);
  return guard(path, async () => Deck.open(new Uint8Array(await readFile(file)), path));
}

/** Stages the deck's bytes for `path`; only called once everything succeeded, so failures stage nothing. */
export async function saveDeck(ctx: ApiContext, path: string, bytes: Uint8Array): Promise<string> {
  const staged = await ctx.staging.stageFile(path, 'pptx');
  await writeFile(staged, bytes);
  return staged;
}

/**
 * Runs work on a deck read from a file; an unexpected failure inside it means the file's structure is not
 * what PowerPoint writes, so it becomes INVALID_FILE rather than an internal error.
 */
export async function guard<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError('INVALID_FILE', `${path} could not be processed: its structure is damaged or unusual (${message(error)})`);
  }
}

/** Resolves 1-based slide numbers against a deck of `count` slides. */
export function checkSlideNumbers(numbers: readonly number[], count: number, what = 'slide'): void {
  for (const n of numbers) {
    if (!Number.isInteger(n) || n < 1 || n > count)
      throw new ApiError('INVALID_ARGUMENTS', `${what} ${n} does not exist: the deck has ${count} slide${count === 1 ? '' : 's'} (numbered from 1)`);
  }
}

/** The edit pattern every editing API follows: read the current version, change it, stage it under the same path. */
export async function editDeck<T>(ctx: ApiContext, path: string, work: (deck: Deck) => Promise<T>): Promise<T> {
  const deck = await openDeck(ctx, path);
  const result = await guard(path, () => work(deck));
  const bytes = await guard(path, () => deck.pkg.toBytes());
  await saveDeck(ctx, path, bytes);
  return result;
}
