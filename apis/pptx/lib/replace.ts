import { children, descendants, type Element } from './xml';
import { NS } from './xml';

export interface Replacement {
  find: string;
  replace: string;
}

/**
 * Replaces text inside every DrawingML paragraph under `root`, also when a match spans several runs: the
 * replacement goes into the run where the match starts (keeping that run's formatting), and the matched
 * characters leave the following runs. Returns the number of replacements.
 */
export function replaceInTree(root: Element, replacements: readonly Replacement[], matchCase: boolean): number {
  let count = 0;
  for (const p of descendants(root, 'p')) {
    if (p.namespaceURI !== NS.a) continue;
    for (const { find, replace } of replacements) count += replaceInParagraph(p, find, replace, matchCase);
  }
  return count;
}

function replaceInParagraph(p: Element, find: string, replace: string, matchCase: boolean): number {
  if (find === '') return 0;
  const segs = children(p, 'r')
    .map((r) => children(r, 't')[0])
    .filter((t): t is Element => t !== undefined)
    .map((t) => ({ t, text: t.textContent ?? '' }));
  if (segs.length === 0) return 0;
  const full = segs.map((s) => s.text).join('');
  const hay = matchCase ? full : full.toLowerCase();
  const needle = matchCase ? find : find.toLowerCase();
  const matches: number[] = [];
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) matches.push(i);
  if (matches.length === 0) return 0;
  const starts: number[] = [];
  let acc = 0;
  for (const s of segs) {
    starts.push(acc);
    acc += s.text.length;
  }
  const locate = (offset: number): number => {
    let i = segs.length - 1;
    while (i > 0 && starts[i]! > offset) i--;
    return i;
  };
  for (const m of matches.reverse()) {
    const end = m + find.length;
    const a = locate(m);
    const b = locate(end - 1);
    const offA = m - starts[a]!;
    const offB = end - starts[b]!;
    if (a === b) {
      segs[a]!.text = segs[a]!.text.slice(0, offA) + replace + segs[a]!.text.slice(offB);
    } else {
      segs[a]!.text = segs[a]!.text.slice(0, offA) + replace;
      for (let i = a + 1; i < b; i++) segs[i]!.text = '';
      segs[b]!.text = segs[b]!.text.slice(offB);
    }
  }
  for (const s of segs) {
    if (s.t.textContent === s.text) continue;
    if (s.text === '' && segs.length > 1) {
      const run = s.t.parentNode!;
      run.parentNode?.removeChild(run);
    } else s.t.textContent = s.text;
  }
  return matches.length;
}
