/**
 * Python's `difflib.unified_diff(a, b, n=n)` (SequenceMatcher with autojunk, no isjunk), line for line, so
 * OfficeBench's `evaluate_diff_contain_text` sees the same diff text it would see in Python.
 */

type Match = [number, number, number];
type Opcode = ['equal' | 'replace' | 'delete' | 'insert', number, number, number, number];

function chainB(b: readonly string[]): Map<string, number[]> {
  const b2j = new Map<string, number[]>();
  b.forEach((elt, i) => {
    const list = b2j.get(elt);
    if (list) list.push(i);
    else b2j.set(elt, [i]);
  });
  // autojunk: in a sequence of 200 or more, elements seen more than 1% (+1) of the time are dropped from b2j.
  if (b.length >= 200) {
    const ntest = Math.floor(b.length / 100) + 1;
    for (const [elt, idxs] of [...b2j]) if (idxs.length > ntest) b2j.delete(elt);
  }
  return b2j;
}

function longestMatch(a: readonly string[], b: readonly string[], b2j: Map<string, number[]>, alo: number, ahi: number, blo: number, bhi: number): Match {
  let [besti, bestj, bestsize] = [alo, blo, 0];
  let j2len = new Map<number, number>();
  for (let i = alo; i < ahi; i++) {
    const next = new Map<number, number>();
    for (const j of b2j.get(a[i]!) ?? []) {
      if (j < blo) continue;
      if (j >= bhi) break;
      const k = (j2len.get(j - 1) ?? 0) + 1;
      next.set(j, k);
      if (k > bestsize) [besti, bestj, bestsize] = [i - k + 1, j - k + 1, k];
    }
    j2len = next;
  }
  // No junk here (isjunk is None), so extending over equal neighbours also covers autojunk's popular lines.
  while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) [besti, bestj, bestsize] = [besti - 1, bestj - 1, bestsize + 1];
  while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize += 1;
  return [besti, bestj, bestsize];
}

function matchingBlocks(a: readonly string[], b: readonly string[]): Match[] {
  const b2j = chainB(b);
  const queue: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  const blocks: Match[] = [];
  while (queue.length > 0) {
    const [alo, ahi, blo, bhi] = queue.pop()!;
    const [i, j, k] = longestMatch(a, b, b2j, alo, ahi, blo, bhi);
    if (!k) continue;
    blocks.push([i, j, k]);
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
  }
  blocks.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
  const out: Match[] = [];
  let [i1, j1, k1] = [0, 0, 0];
  for (const [i2, j2, k2] of blocks) {
    if (i1 + k1 === i2 && j1 + k1 === j2) k1 += k2;
    else {
      if (k1) out.push([i1, j1, k1]);
      [i1, j1, k1] = [i2, j2, k2];
    }
  }
  if (k1) out.push([i1, j1, k1]);
  out.push([a.length, b.length, 0]);
  return out;
}

function opcodes(a: readonly string[], b: readonly string[]): Opcode[] {
  let [i, j] = [0, 0];
  const answer: Opcode[] = [];
  for (const [ai, bj, size] of matchingBlocks(a, b)) {
    const tag = i < ai && j < bj ? 'replace' : i < ai ? 'delete' : j < bj ? 'insert' : undefined;
    if (tag) answer.push([tag, i, ai, j, bj]);
    [i, j] = [ai + size, bj + size];
    if (size) answer.push(['equal', ai, i, bj, j]);
  }
  return answer;
}

function groupedOpcodes(a: readonly string[], b: readonly string[], n: number): Opcode[][] {
  const codes = opcodes(a, b);
  if (codes.length === 0) codes.push(['equal', 0, 1, 0, 1]);
  const first = codes[0]!;
  if (first[0] === 'equal') codes[0] = ['equal', Math.max(first[1], first[2] - n), first[2], Math.max(first[3], first[4] - n), first[4]];
  const last = codes[codes.length - 1]!;
  if (last[0] === 'equal') codes[codes.length - 1] = ['equal', last[1], Math.min(last[2], last[1] + n), last[3], Math.min(last[4], last[3] + n)];
  const groups: Opcode[][] = [];
  let group: Opcode[] = [];
  for (const code of codes) {
    const [tag, , i2, , j2] = code;
    let [, i1, , j1] = code;
    if (tag === 'equal' && i2 - i1 > n + n) {
      group.push([tag, i1, Math.min(i2, i1 + n), j1, Math.min(j2, j1 + n)]);
      groups.push(group);
      group = [];
      [i1, j1] = [Math.max(i1, i2 - n), Math.max(j1, j2 - n)];
    }
    group.push([tag, i1, i2, j1, j2]);
  }
  if (group.length > 0 && !(group.length === 1 && group[0]![0] === 'equal')) groups.push(group);
  return groups;
}

function range(start: number, stop: number): string {
  const length = stop - start;
  if (length === 1) return String(start + 1);
  return `${length ? start + 1 : start},${length}`;
}

/** The lines `difflib.unified_diff(a, b, n=n)` yields (headers end in '\n' as Python's lineterm does). */
export function unifiedDiff(a: readonly string[], b: readonly string[], n = 3): string[] {
  const lines: string[] = [];
  for (const group of groupedOpcodes(a, b, n)) {
    if (lines.length === 0) lines.push('--- \n', '+++ \n');
    const first = group[0]!;
    const last = group[group.length - 1]!;
    lines.push(`@@ -${range(first[1], last[2])} +${range(first[3], last[4])} @@\n`);
    for (const [tag, i1, i2, j1, j2] of group) {
      if (tag === 'equal') {
        for (const line of a.slice(i1, i2)) lines.push(` ${line}`);
        continue;
      }
      if (tag === 'replace' || tag === 'delete') for (const line of a.slice(i1, i2)) lines.push(`-${line}`);
      if (tag === 'replace' || tag === 'insert') for (const line of b.slice(j1, j2)) lines.push(`+${line}`);
    }
  }
  return lines;
}
