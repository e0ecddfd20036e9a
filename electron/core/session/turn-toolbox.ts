import type { ApiDocument } from '../../../apis/sdk';
import { PROGRAM_GLOBALS } from '../executor';
import { estimateTokens, renderDeclarations } from '../platform/declarations';
import { moreApis } from './more-apis';
import { PROMPT_BUDGETS, RULES_MODULES, type ToolboxPrompt } from './planner-prompts';
import type { Selection, ToolboxApi } from './tool-selector';
import { callsOutside, growToolbox, noteWithin } from './toolbox-growth';

const GLOBALS_TOKENS = estimateTokens(PROGRAM_GLOBALS);
/** Declaration tokens a turn's toolbox may hold: the program prompt's toolbox budget less the globals and room for notes. */
export const TOOLBOX_BUDGET = PROMPT_BUDGETS.program.toolbox - GLOBALS_TOKENS - 300;
/** What selection may fill; the rest is kept for the APIs the chosen ones bring (notes, readers, repairs). */
export const SELECTION_BUDGET = TOOLBOX_BUDGET - 1200;

export function declarationTokens(doc: ApiDocument): number {
  return estimateTokens(renderDeclarations([doc], 'compact'));
}

/**
 * The toolbox text the program prompt shows: the globals, the declarations, composition notes naming only
 * declared APIs, one example each, and the More-APIs lines ranked for `focus` (the request and the plan).
 */
export function toolboxFor(
  docs: readonly ApiDocument[],
  installed: ReadonlyMap<string, ApiDocument> = new Map(docs.map((d) => [d.name, d])),
  focus?: string,
): ToolboxPrompt {
  const declared = new Set(docs.map((d) => d.name));
  return {
    declarations: `${PROGRAM_GLOBALS}\n${renderDeclarations(docs, 'compact')}`,
    composition: docs.flatMap((d) => {
      const note = noteWithin(d.composition, declared, installed);
      return note ? [`${d.name}: ${note}`] : [];
    }),
    examples: docs.flatMap((d) => d.examples.slice(0, 1)),
    more: moreApis({ declared: docs, installed, ruleModules: RULES_MODULES, ...(focus ? { focus } : {}) }),
  };
}

/**
 * One turn's toolbox: what selection chose (best score first), grown by what the chosen APIs bring and
 * by the installed APIs a program calls; every API in it is declared to the model and allowed to the program.
 */
export class TurnToolbox {
  readonly apis: ToolboxApi[];
  readonly confident: boolean;
  readonly degraded: boolean;
  readonly warnings: string[];
  private readonly installed: Map<string, ApiDocument>;

  constructor(selection: Selection, installed: readonly ApiDocument[]) {
    this.installed = new Map(installed.map((d) => [d.name, d]));
    this.apis = selection.toolbox.apis.filter((a) => this.installed.has(a.name)).sort((a, b) => b.score - a.score);
    this.confident = selection.confident;
    this.degraded = selection.degraded;
    this.warnings = [...selection.warnings];
  }

  get names(): string[] {
    return this.apis.map((a) => a.name);
  }

  get tokens(): number {
    return this.apis.reduce((n, a) => n + a.tokens, 0);
  }

  /** The `turn.toolbox` event that shows this toolbox as it stands. */
  event(turnId: string) {
    const { apis, tokens, confident, degraded, warnings } = this;
    return { type: 'turn.toolbox' as const, turnId, apis, tokens, budget: TOOLBOX_BUDGET, confident, degraded, warnings };
  }

  /** Adds the APIs the chosen ones' composition notes name and each chosen module's readers, within the budget. */
  grow(): string[] {
    const growth = growToolbox({
      chosen: this.names,
      installed: [...this.installed.values()],
      tokensOf: (n) => this.tokensOf(n),
      used: this.tokens,
      budget: TOOLBOX_BUDGET,
    });
    for (const { name, why } of growth.added) this.add(name, why);
    return growth.added.map((a) => a.name);
  }

  /** Adds installed APIs the program calls that the toolbox lacks (no budget: the program needs them). */
  addCalled(program: string): string[] {
    const missing = callsOutside(program, this.names, this.installed);
    for (const name of missing) this.add(name, 'called by the program');
    return missing;
  }

  /** Adds up to `max` of `names` (a re-selection's hits) that fit the budget. */
  addFound(names: readonly string[], why: string, max = 3): string[] {
    const added: string[] = [];
    for (const name of names) {
      if (added.length >= max || this.apis.some((a) => a.name === name)) continue;
      const cost = this.tokensOf(name);
      if (cost === undefined || this.tokens + cost > TOOLBOX_BUDGET) continue;
      this.add(name, why);
      added.push(name);
    }
    return added;
  }

  docs(): ApiDocument[] {
    return this.names.flatMap((n) => this.installed.get(n) ?? []);
  }

  /** The prompt's toolbox; `focus` (the request and the plan) ranks the More-APIs lines. */
  render(focus?: string): ToolboxPrompt {
    return toolboxFor(this.docs(), this.installed, focus);
  }

  private tokensOf(name: string): number | undefined {
    const doc = this.installed.get(name);
    return doc ? declarationTokens(doc) : undefined;
  }

  private add(name: string, why: string): void {
    const doc = this.installed.get(name)!;
    this.apis.push({ name, module: doc.module, effects: doc.effects, score: 0, why, tokens: this.tokensOf(name) ?? 0, steps: [] });
  }
}
