/**
 * Splits a request into its clauses (sentences, and "then"/"and then" chains) so each step of a
 * multi-step request is searched on its own as well as the whole: the selector's own outline when no
 * planner gave steps. Short requests come back as one clause.
 */
export function splitClauses(text: string, maxClauses = 8): string[] {
  const pieces = text
    .split(/(?<=[.!?;])\s+|\n+|,?\s+(?:and\s+)?then\s+|\s+(?:after that|afterwards|finally|also)\s*,?\s+/i)
    .map((p) => p.trim())
    .filter((p) => p.split(/\s+/).length >= 3);
  return pieces.length >= 2 ? pieces.slice(0, maxClauses) : [text.trim()];
}
