/**
 * Keeps a record of runs or turns bounded: beyond `max` entries, drops the oldest ones that are finished
 * (an entry still under way is never dropped). Returns the same object when nothing had to go.
 */
export function dropOldestFinished<T>(entries: Record<string, T>, max: number, finished: (entry: T) => boolean): Record<string, T> {
  const ids = Object.keys(entries);
  if (ids.length <= max) return entries;
  const next = { ...entries };
  let count = ids.length;
  for (const id of ids) {
    if (count <= max) break;
    if (finished(next[id]!)) {
      delete next[id];
      count--;
    }
  }
  return next;
}
