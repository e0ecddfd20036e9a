/**
 * Recalling earlier messages in the composer, as in a terminal: Up steps back through what was sent, Down
 * steps forward and finally returns the draft that was being written before the first Up.
 */
export interface HistoryCursor {
  /** Position in the entries while browsing; null when editing the draft. */
  index: number | null;
  /** The draft written before browsing started. */
  saved: string;
}

export const IDLE: HistoryCursor = { index: null, saved: '' };

/** One step through `entries` (oldest first); null when there is nowhere to go. */
export function stepHistory(
  entries: readonly string[],
  cursor: HistoryCursor,
  direction: 'up' | 'down',
  draft: string,
): { cursor: HistoryCursor; text: string } | null {
  if (entries.length === 0) return null;
  if (direction === 'up') {
    if (cursor.index === 0) return null;
    const index = cursor.index === null ? entries.length - 1 : cursor.index - 1;
    return { cursor: { index, saved: cursor.index === null ? draft : cursor.saved }, text: entries[index]! };
  }
  if (cursor.index === null) return null;
  if (cursor.index === entries.length - 1) return { cursor: IDLE, text: cursor.saved };
  return { cursor: { index: cursor.index + 1, saved: cursor.saved }, text: entries[cursor.index + 1]! };
}

/** Up recalls only with the caret on the first line, Down only on the last, so multi-line drafts stay editable. */
export function caretAllows(direction: 'up' | 'down', value: string, selectionStart: number, selectionEnd: number): boolean {
  if (selectionStart !== selectionEnd) return false;
  return direction === 'up' ? !value.slice(0, selectionStart).includes('\n') : !value.slice(selectionEnd).includes('\n');
}
