import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeCache, GLOVE_CACHE_FILE, type ConvertedWordVectors } from '../../electron/core/selector/glove-cache';

/** Word groups that share a direction, so "deck" is near "slide" as in real word vectors. */
const GROUPS = [
  ['the', 'a', 'to', 'of', 'and', 'in', 'for', 'with', 'new', 'please', 'i', 'want', 'me', 'my'],
  ['slide', 'slides', 'presentation', 'deck', 'powerpoint'],
  ['chart', 'graph', 'plot', 'diagram'],
  ['weather', 'forecast', 'rain', 'temperature'],
  ['email', 'mail', 'message', 'send', 'inbox'],
  ['table', 'rows', 'columns', 'sheet', 'spreadsheet', 'cells'],
  ['add', 'insert', 'create', 'make', 'append'],
  ['delete', 'remove', 'erase', 'drop'],
  ['title', 'heading', 'caption', 'name'],
  ['invoice', 'bill', 'payment', 'receipt'],
];
const DIMS = 8;

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

/** The package's JSON layout (words in rank order, vectors with l2 norm and index appended). */
export function tinyWinkJson(): string {
  const words: string[] = [];
  const vectors: Record<string, number[]> = {};
  GROUPS.forEach((group, g) => {
    const rnd = seeded(g + 1);
    const base = Array.from({ length: DIMS }, () => rnd());
    for (const word of group) {
      const noise = seeded(word.length * 31 + word.charCodeAt(0));
      const v = base.map((x) => Number((x + 0.15 * noise()).toFixed(5)));
      const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
      vectors[word] = [...v, Number(norm.toFixed(5)), words.length];
      words.push(word);
    }
  });
  return JSON.stringify({
    precision: 5,
    l2NormIndex: DIMS,
    wordIndex: DIMS + 1,
    size: words.length,
    dimensions: DIMS,
    words,
    vectors,
    unkVector: new Array(DIMS).fill(0),
  });
}

/** Writes the tiny JSON and returns its path. */
export async function writeTinyWink(dir: string): Promise<string> {
  const file = join(dir, 'tiny-wink.json');
  await writeFile(file, tinyWinkJson());
  return file;
}

/** Puts a ready compact cache of the tiny vocabulary into a models folder (as a packaged app ships it). */
export async function writeTinyCache(modelsDir: string, wv: ConvertedWordVectors): Promise<void> {
  await writeFile(join(modelsDir, GLOVE_CACHE_FILE), encodeCache(wv));
}
