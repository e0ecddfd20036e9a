/** Parses JSON read from disk; undefined when the text is not JSON (callers then keep the file aside). */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
