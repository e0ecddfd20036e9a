import { dot } from './embedder';
import { STOP_WORDS, tokenize } from './tokenize';

export interface AlignClause {
  text: string;
  vector: Float32Array | undefined;
}

export interface AlignApi {
  name: string;
  /** The API's indexed document text (name, description, parameters). */
  text: string;
  vector: Float32Array | undefined;
}

const words = (text: string): Set<string> => new Set(tokenize(text, 512).filter((t) => t.length > 1 && !STOP_WORDS.has(t)));

/**
 * Which clause of a multi-step request each API it used served. A request like "look up the team,
 * then the league table, then the player" used three APIs; remembering each API against its own clause
 * lets a later request that shares only one of those steps find it. An API goes to the clause that
 * shares the most distinctive words with its document (words of its name count double; a word found
 * in every clause counts for nothing) plus twice their embedding similarity. An API that matches no
 * clause is left out.
 */
export function alignApisToClauses(clauses: readonly AlignClause[], apis: readonly AlignApi[]): string[][] {
  const terms = clauses.map((c) => words(c.text));
  const df = new Map<string, number>();
  for (const set of terms) for (const t of set) df.set(t, (df.get(t) ?? 0) + 1);
  const weight = (t: string): number => Math.log(clauses.length / (df.get(t) ?? clauses.length));
  const out: string[][] = clauses.map(() => []);
  for (const api of apis) {
    const name = words(api.name);
    const text = words(api.text.slice(0, 4000));
    let best = -1;
    let bestScore = 0;
    terms.forEach((set, i) => {
      let score = 0;
      for (const t of set)
        if (name.has(t)) score += 2 * weight(t);
        else if (text.has(t)) score += weight(t);
      const v = clauses[i]!.vector;
      if (v && api.vector) score += 2 * Math.max(0, dot(v, api.vector));
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    });
    if (best >= 0) out[best]!.push(api.name);
  }
  return out;
}
