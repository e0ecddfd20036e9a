import type { SelectorDoc } from './documents';
import type { RankedList, Signal, SignalHit } from './fusion';
import type { SelectorWarning } from '../../shared/selector';

export type { SelectorWarning };

/** The selector's query types: what a search is asked, what it answers, and what ranking reads. */

export interface SearchOptions {
  k?: number;
  /** Modules predicted by the planner (or chosen by the person). */
  modules?: readonly string[];
  /** `filter` keeps only those modules; `boost` ranks them higher (default). */
  moduleMode?: 'filter' | 'boost';
  signal?: AbortSignal;
}

export interface ScoredApi {
  name: string;
  module: string;
  pack: string;
  effects: string;
  score: number;
  /** Which signals found it, with their rank and raw score ("why this API"). */
  signals: Partial<Record<Signal, SignalHit>>;
  moduleBoost?: boolean;
  /** Penalty from similar past requests that discarded it (0..1). */
  penalty?: number;
}

export interface SearchResult {
  query: string;
  results: ScoredApi[];
  /** `degraded`: a signal was unavailable (see warnings); results come from the others. */
  status: 'ok' | 'degraded';
  warnings: SelectorWarning[];
}

/** One content list of a retrieval; `text` 0 is the whole request, 1.. its clauses. */
export type TextList = RankedList & { text: number };

/** What the index returned for one query, before ranking (`Selector.retrieve`). */
export interface Retrieval {
  /** The query as searched (trimmed, cut to MAX_QUERY_CHARS). */
  text: string;
  /** The whole request, then its clauses. */
  texts: string[];
  /** BM25 and vector lists (weights set at ranking); undefined for an empty query. */
  lists: TextList[] | undefined;
  vector: Float32Array | undefined;
  /** One vector per text (undefined where the embedder knew no word or failed). */
  vectors: (Float32Array | undefined)[];
  where: string | undefined;
  boosted: Set<string>;
  warnings: SelectorWarning[];
  degraded: boolean;
  /** The documents of the index generation the lists came from (a swap mid-query must not mix two). */
  docs?: ReadonlyMap<string, SelectorDoc>;
}
