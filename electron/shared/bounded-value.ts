/**
 * Values kept for a run's record (call arguments, results, the program's value) are bounded, so a program
 * that reads 400 × 20 MB cannot exhaust the heap of the core or the window: a value larger than the cap is
 * replaced by a note saying it was cut, with the start of its JSON as a preview.
 */

/** A kept value that was too large: what is left of it. */
export interface CutValue {
  cut: true;
  /** Why and how much: "result of at least 20,971,520 characters; the first 2,000 are kept". */
  note: string;
  /** The start of the value's JSON (never more than the preview size). */
  preview: string;
}

export function isCutValue(value: unknown): value is CutValue {
  return typeof value === 'object' && value !== null && (value as { cut?: unknown }).cut === true && typeof (value as { note?: unknown }).note === 'string';
}

/**
 * The JSON text of a value, stopping once it passes `limit` characters: the work is bounded by the limit,
 * not the value (a 20 MB string is sliced, never copied whole). `complete` says whether all of it fit.
 */
export function boundedJson(value: unknown, limit: number): { text: string; complete: boolean } {
  const parts: string[] = [];
  let length = 0;
  let complete = true;
  const push = (s: string): boolean => {
    if (length + s.length > limit) {
      parts.push(s.slice(0, Math.max(0, limit - length)));
      length = limit;
      complete = false;
      return false;
    }
    parts.push(s);
    length += s.length;
    return true;
  };
  const seen = new Set<object>();
  const walk = (v: unknown): boolean => {
    if (v === null || v === undefined || typeof v === 'function' || typeof v === 'symbol') return push('null');
    if (typeof v === 'string') return push(JSON.stringify(v.length > limit ? v.slice(0, limit + 1) : v));
    if (typeof v === 'number' || typeof v === 'boolean') return push(JSON.stringify(v));
    if (typeof v === 'bigint') return push(`"${v.toString()}"`);
    if (typeof v !== 'object' || seen.has(v)) return push('null');
    seen.add(v);
    try {
      if (Array.isArray(v)) {
        if (!push('[')) return false;
        for (let i = 0; i < v.length; i++) if ((i > 0 && !push(',')) || !walk(v[i])) return false;
        return push(']');
      }
      if (!push('{')) return false;
      let first = true;
      for (const [k, item] of Object.entries(v)) {
        if (item === undefined) continue;
        if ((!first && !push(',')) || !push(`${JSON.stringify(k)}:`) || !walk(item)) return false;
        first = false;
      }
      return push('}');
    } finally {
      seen.delete(v);
    }
  };
  walk(value);
  return { text: parts.join(''), complete };
}

/**
 * The value itself when its JSON fits `cap` characters, else a CutValue with a preview. `what` names it in
 * the note ("result", "arguments"). Also returns how many characters were kept, for a per-run total.
 */
export function boundValue(value: unknown, cap: number, what: string, preview = 2000): { kept: unknown; chars: number } {
  if (value === undefined) return { kept: undefined, chars: 0 };
  const json = boundedJson(value, cap);
  if (json.complete) return { kept: value, chars: json.text.length };
  const start = json.text.slice(0, Math.min(preview, cap));
  const kept: CutValue = {
    cut: true,
    note: `${what} larger than ${cap.toLocaleString('en-US')} characters was cut for the run record; the first ${start.length.toLocaleString('en-US')} are kept`,
    preview: start,
  };
  return { kept, chars: start.length + kept.note.length };
}
