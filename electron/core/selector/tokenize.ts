/**
 * Tokenisation shared by the word-vector embedder, the feedback memory and the text given to the
 * full-text index: camelCase, PascalCase, snake_case, kebab-case and dotted API names become words.
 */

const WORD = /[\p{L}\p{N}]+/gu;

/** Splits an identifier-like run into words: `getHTTPResponse2xx` → get, HTTP, Response, 2xx. */
export function splitIdentifier(run: string): string[] {
  return run
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .split(' ')
    .filter((w) => w.length > 0);
}

/** Lower-cased words of a text, with identifiers split. Letters of any script are kept. */
export function tokenize(text: string, maxTokens = 4096): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(WORD)) {
    for (const word of splitIdentifier(match[0])) {
      out.push(word.toLowerCase());
      if (out.length >= maxTokens) return out;
    }
  }
  return out;
}

/**
 * Text for a BM25 index or query: the original words plus the split parts of identifiers, so both
 * `addSlide` and `add slide` match. Bounded so a pasted document cannot make a huge query.
 */
export function searchableText(text: string, maxChars = 8000): string {
  const clipped = text.length > maxChars ? text.slice(0, maxChars) : text;
  const parts: string[] = [];
  for (const match of clipped.matchAll(WORD)) {
    const split = splitIdentifier(match[0]);
    parts.push(split.join(' '));
  }
  for (const match of clipped.matchAll(/[\p{L}\p{N}_]*[\p{Ll}\p{N}][_\p{Lu}][\p{L}\p{N}_]*/gu)) parts.push(match[0].replaceAll('_', ''));
  return parts.join(' ').toLowerCase();
}

/** A small English stop list for weighting (not for the BM25 index, which does its own). */
export const STOP_WORDS = new Set(
  'a an the and or of to in on for with by at from as is are was were be been being it its this that these those i me my we our you your he she they them their his her do does did can could would should will shall may might must not no so if then than there here what which who whom whose how when where why all any some each every into over under about up down out please want need help using use'.split(
    ' ',
  ),
);
