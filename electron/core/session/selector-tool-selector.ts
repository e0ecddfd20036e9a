import type { ScoredApi, Selector } from '../selector/selector';
import type { SelectedToolbox, SelectionStep, SelectOptions, StepHit, ToolboxApi, ToolSelector } from './tool-selector';

/** What the adapter needs of the selector: search and feedback. */
/** What the adapter needs of a selector (the Selector itself, or the core's SelectorService). */
export interface SelectorSearch {
  search: Selector['search'];
  recordFeedback(entry: Parameters<Selector['recordFeedback']>[0]): Promise<unknown>;
}

export interface SelectorToolSelectorOptions {
  /** Estimated tokens of an API's compact declaration (registry documents rendered by platform/declarations). */
  tokensOf: (name: string) => number | undefined;
  /**
   * A step is confident when its best hit was found by full text at rank 1 and its score leads the
   * second by at least this ratio (default 1.15).
   */
  leadRatio?: number;
}

function why(hit: ScoredApi): string {
  const parts = Object.entries(hit.signals).map(([signal, h]) => `${signal}#${h!.rank}`);
  if (hit.moduleBoost) parts.push('module');
  if (hit.penalty) parts.push(`penalty ${hit.penalty.toFixed(2)}`);
  return parts.join(' ');
}

/**
 * The ToolSelector over the selector's hybrid search. Steps are searched one by one; the toolbox takes
 * each step's hits in turn by rank (every step's best API first), skipping any that would exceed the
 * token budget, so a multi-step request keeps an API for every step.
 */
export class SelectorToolSelector implements ToolSelector {
  constructor(
    private readonly selector: SelectorSearch,
    private readonly options: SelectorToolSelectorOptions,
  ) {}

  async select(steps: readonly SelectionStep[], options: SelectOptions): Promise<SelectedToolbox> {
    const warnings: string[] = [];
    const perStep: { phrase: string; hits: ScoredApi[] }[] = [];
    let degraded = false;
    for (const step of steps) {
      options.signal?.throwIfAborted();
      const result = await this.selector.search(step.phrase, { k: options.k, ...(step.modules?.length ? { modules: step.modules, moduleMode: 'boost' } : {}), ...(options.signal ? { signal: options.signal } : {}) });
      for (const w of result.warnings) warnings.push(w.message);
      if (result.status === 'degraded') degraded = true;
      perStep.push({ phrase: step.phrase, hits: result.results });
    }
    const chosen = new Map<string, ToolboxApi>();
    let tokens = 0;
    const depth = Math.max(0, ...perStep.map((s) => s.hits.length));
    for (let rank = 0; rank < depth; rank++) {
      perStep.forEach((step, i) => {
        const hit = step.hits[rank];
        if (!hit) return;
        const seen = chosen.get(hit.name);
        if (seen) {
          seen.score = Math.max(seen.score, hit.score);
          seen.why += `; step ${i + 1} ${why(hit)}`;
          return;
        }
        const cost = this.options.tokensOf(hit.name);
        // Every step keeps its best API whatever the budget: a plan step with no API cannot be written.
        if (cost === undefined || (rank > 0 && tokens + cost > options.tokenBudget)) return;
        tokens += cost;
        chosen.set(hit.name, { name: hit.name, module: hit.module, effects: hit.effects, score: hit.score, why: `step ${i + 1} ${why(hit)}`, tokens: cost });
      });
    }
    const lead = this.options.leadRatio ?? 1.15;
    // A degraded (full-text only) ranking is never confident: BM25 alone ranks on incidental words.
    const confident =
      !degraded &&
      perStep.length > 0 &&
      perStep.every((s) => {
        const [first, second] = s.hits;
        return first !== undefined && first.signals.fullText?.rank === 1 && (second === undefined || first.score >= second.score * lead);
      });
    return {
      apis: [...chosen.values()].sort((a, b) => b.score - a.score),
      steps: perStep.map((s) => ({ phrase: s.phrase, hits: s.hits.map((h): StepHit => ({ name: h.name, score: h.score, why: why(h) })) })),
      tokens,
      confident,
      degraded,
      warnings,
    };
  }

  async recordOutcome(entry: { request: string; apis: readonly string[]; outcome: 'applied' | 'discarded' }): Promise<void> {
    await this.selector.recordFeedback(entry);
  }
}
