import type { Selection, SelectionStep, SelectOptions } from '../selector/toolbox';

export type { Selection, SelectionStep, SelectOptions, ToolboxApi } from '../selector/toolbox';

/**
 * The planner's port to API selection: the outline's steps in, a selection out (each step's search and
 * the toolbox filled from them within a declaration token budget; see selector/toolbox.ts). The core's
 * SelectorService implements it, and so does a Selector; tests may hand the core another.
 */
export interface ToolSelector {
  select(steps: readonly SelectionStep[], options: SelectOptions): Promise<Selection>;
}
