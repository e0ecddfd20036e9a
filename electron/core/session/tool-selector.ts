/**
 * The planner's port to API selection: the outline's steps in, a toolbox out (the union of the APIs the
 * steps found, bounded by a declaration token budget), with per-step hits and scores and why each API
 * was chosen. The selector (electron/core/selector) is one implementation (selector-tool-selector.ts).
 */

export interface SelectionStep {
  /** A few words to find the API for one step. */
  phrase: string;
  /** Modules the planner expects (ranked higher, not filtered). */
  modules?: readonly string[];
}

export interface SelectOptions {
  /** Candidates asked of the selector per step. */
  k: number;
  /** Largest total of declaration tokens (compact rendering) in the toolbox. */
  tokenBudget: number;
  signal?: AbortSignal;
}

export interface StepHit {
  name: string;
  score: number;
  /** Signals that found it, e.g. "fullText#1 vector#3 module". */
  why: string;
}

export interface ToolboxApi {
  name: string;
  module: string;
  effects: string;
  /** Best score over the steps that found it. */
  score: number;
  /** Which steps found it and how ("step 1 fullText#1 vector#2"). */
  why: string;
  /** Estimated tokens of its compact declaration. */
  tokens: number;
}

export interface SelectedToolbox {
  /** The chosen APIs, best first; their declaration tokens sum to at most the budget. */
  apis: ToolboxApi[];
  /** Every step's hits (before budgeting), in step order. */
  steps: { phrase: string; hits: StepHit[] }[];
  /** Sum of the chosen APIs' declaration tokens. */
  tokens: number;
  /** Each step's best hit is clearly ahead (a one-call turn can trust this toolbox). */
  confident: boolean;
  /** A signal was unavailable (word vectors still being prepared): the ranking is full text only and not to be trusted alone. */
  degraded?: boolean;
  warnings: string[];
}

export interface ToolSelector {
  select(steps: readonly SelectionStep[], options: SelectOptions): Promise<SelectedToolbox>;
  /** What happened to a turn's toolbox (the selector learns from it); optional. */
  recordOutcome?(entry: { request: string; apis: readonly string[]; outcome: 'applied' | 'discarded' }): Promise<void>;
}
