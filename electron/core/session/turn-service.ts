import type { Executor, RunEvent } from '../executor';
import type { Logger } from '../log/logger';
import type { ModelProvider } from '../model/provider';
import { Planner, newTurnId, type PlannerOptions } from './planner';
import type { ModuleSummary, Turn } from './planner-prompts';
import type { ToolSelector } from './tool-selector';
import type { TurnEvent, TurnFinished } from './turn-events';

export interface TurnServiceDeps {
  /** The provider the settings choose; throws a ModelError when none is configured or usable. */
  createProvider: () => Promise<ModelProvider>;
  tools: () => Promise<ToolSelector>;
  executor: Pick<Executor, 'verify' | 'startRun' | 'documents' | 'discard'>;
  modules: () => ModuleSummary[];
  emit: (event: TurnEvent) => void;
  logger: Logger;
  options?: Partial<PlannerOptions>;
}

export type TurnOutcome = { ok: true; finished: TurnFinished } | { ok: false; reason: string };

export const SETUP_HELP =
  'No model is set up yet, so I cannot plan this. Choose one in Settings → Models: an OpenAI-compatible endpoint ' +
  '(OpenAI, Azure, Ollama, LM Studio, vLLM or a llama.cpp server: set the preset, base URL and key) or a local model ' +
  '(`switchboard models pull <id>`, then choose it).';

/** Runs planner turns for the chat and the routes: one provider per turn, live turns cancellable by id. */
export class TurnService {
  private readonly live = new Map<string, AbortController>();

  constructor(private readonly deps: TurnServiceDeps) {}

  async run(input: { request: string; conversationId?: string; history?: readonly Turn[]; attachments?: readonly string[]; roots?: readonly string[]; onRunEvent?: (e: RunEvent) => void; turnId?: string }): Promise<TurnOutcome> {
    let provider: ModelProvider;
    try {
      provider = await this.deps.createProvider();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.deps.logger.info('no usable model provider', { reason });
      return { ok: false, reason };
    }
    const turnId = input.turnId ?? newTurnId();
    const controller = new AbortController();
    this.live.set(turnId, controller);
    try {
      const tools = await this.deps.tools();
      const planner = new Planner({ provider, executor: this.deps.executor, tools, modules: this.deps.modules, ...(this.deps.options ? { options: this.deps.options } : {}) });
      const finished = await planner.turn({ ...input, turnId, signal: controller.signal, onEvent: this.deps.emit });
      return { ok: true, finished };
    } finally {
      this.live.delete(turnId);
      await provider.dispose().catch(() => undefined);
    }
  }

  cancel(turnId: string): boolean {
    const controller = this.live.get(turnId);
    if (!controller || controller.signal.aborted) return false;
    controller.abort();
    return true;
  }

  /** Ids of the turns under way. */
  liveTurns(): string[] {
    return [...this.live.keys()];
  }
}
