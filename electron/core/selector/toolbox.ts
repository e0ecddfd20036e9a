import type { ScoredApi } from './selector';

export interface ToolboxEntry {
  name: string;
  tokens: number;
  /** Indexes of the steps that selected it. */
  steps: number[];
}

export interface Toolbox {
  toolbox: ToolboxEntry[];
  tokens: number;
  /** Selected by some step but left out for the budget or the size bound. */
  dropped: string[];
}

/**
 * The bounded union of per-step results: round-robin over steps by rank (every step's best first),
 * adding an API while its declaration fits the token budget and the toolbox is below maxApis.
 */
export function buildToolbox(steps: readonly (readonly ScoredApi[])[], tokensOf: (name: string) => number, budgetTokens: number, maxApis: number): Toolbox {
  const chosen = new Map<string, ToolboxEntry>();
  const dropped = new Set<string>();
  let tokens = 0;
  const depth = Math.max(0, ...steps.map((s) => s.length));
  for (let rank = 0; rank < depth; rank++) {
    steps.forEach((results, step) => {
      const api = results[rank];
      if (!api) return;
      const existing = chosen.get(api.name);
      if (existing) {
        if (!existing.steps.includes(step)) existing.steps.push(step);
        return;
      }
      const cost = tokensOf(api.name);
      if (chosen.size >= maxApis || tokens + cost > budgetTokens) {
        dropped.add(api.name);
        return;
      }
      tokens += cost;
      dropped.delete(api.name);
      chosen.set(api.name, { name: api.name, tokens: cost, steps: [step] });
    });
  }
  return { toolbox: [...chosen.values()], tokens, dropped: [...dropped].filter((n) => !chosen.has(n)) };
}
