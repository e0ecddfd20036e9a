import type { AttachmentReader } from './attachments';
import type { ImageTextReader } from './image-text';
import type { Executor, RunEvent } from '../executor';
import type { Logger } from '../log/logger';
import type { ChatRequest, ChatResult, ModelProvider } from '../model/provider';
import { Planner, newTurnId, type PlannerOptions } from './planner';
import type { ModuleSummary, Turn } from './planner-prompts';
import type { ToolSelector } from './tool-selector';
import type { TurnEvent, TurnFinished } from './turn-events';
import { errorMessage } from '../../shared/errors';
import type { Result } from '../../shared/result';

export interface TurnServiceDeps {
  /** The provider the settings choose; throws a ModelError when none is configured or usable. */
  createProvider: (override?: { provider?: 'openai' | 'local' }) => Promise<ModelProvider>;
  tools: () => Promise<ToolSelector>;
  executor: Pick<Executor, 'verify' | 'startRun' | 'documents' | 'discard'>;
  modules: () => ModuleSummary[];
  emit: (event: TurnEvent) => void;
  logger: Logger;
  options?: Partial<PlannerOptions>;
  /** Summarises attached files for the prompts (the document readers). */
  reader?: AttachmentReader;
  /** Reads the text of images the turn names (OCR) for the prompts. */
  imageText?: ImageTextReader;
}

export interface TurnRequest {
  request: string;
  conversationId?: string;
  history?: readonly Turn[];
  attachments?: readonly string[];
  roots?: readonly string[];
  turnId?: string;
  /** Overrides the provider the settings choose (the CLI's --provider). */
  provider?: 'openai' | 'local';
  mode?: PlannerOptions['mode'];
  onEvent?: (e: TurnEvent) => void;
  onRunEvent?: (e: RunEvent) => void;
  /** Sees every chat call of the turn as sent and as answered (the model's exact text), for evaluation records. */
  onModelCall?: (call: ModelCallRecord) => void;
}

/** One chat call of a turn: the request as the planner sent it, and the reply or the error. */
export interface ModelCallRecord {
  request: Omit<ChatRequest, 'signal' | 'onToken'>;
  reply?: ChatResult;
  error?: string;
  ms: number;
}

/** The provider with every chat call reported to `record` (the other methods pass through). */
export function recordingProvider(provider: ModelProvider, record: (call: ModelCallRecord) => void): ModelProvider {
  return {
    id: provider.id,
    capabilities: provider.capabilities,
    embed: (request) => provider.embed(request),
    transcribe: (request) => provider.transcribe(request),
    countTokens: (text) => provider.countTokens(text),
    dispose: () => provider.dispose(),
    async chat(request) {
      const { signal: _signal, onToken: _onToken, ...sent } = request;
      const started = performance.now();
      try {
        const reply = await provider.chat(request);
        record({ request: sent, reply, ms: performance.now() - started });
        return reply;
      } catch (error) {
        record({ request: sent, error: errorMessage(error), ms: performance.now() - started });
        throw error;
      }
    },
  };
}

/** A finished turn, or UNAVAILABLE with why no turn ran (no usable model). */
export type TurnOutcome = Result<TurnFinished>;

export const SETUP_HELP =
  'No model is set up yet, so I cannot plan this. Open Settings → Models and either download the recommended ' +
  'model to this computer (press Download beside it) or connect an OpenAI-compatible endpoint (OpenAI, Azure, ' +
  'Ollama, LM Studio, vLLM or a llama.cpp server: choose the service, then paste its key).';

/** Runs planner turns for the chat and the routes: one provider per turn, live turns cancellable by id. */
export class TurnService {
  private readonly live = new Map<string, AbortController>();

  constructor(private readonly deps: TurnServiceDeps) {}

  async run(input: TurnRequest): Promise<TurnOutcome> {
    let provider: ModelProvider;
    try {
      provider = await this.deps.createProvider(input.provider ? { provider: input.provider } : {});
    } catch (error) {
      const reason = errorMessage(error);
      this.deps.logger.info('no usable model provider', { reason });
      return { ok: false, error: { code: 'UNAVAILABLE', message: reason } };
    }
    const turnId = input.turnId ?? newTurnId();
    const controller = new AbortController();
    this.live.set(turnId, controller);
    try {
      const tools = await this.deps.tools();
      const options = { ...this.deps.options, ...(input.mode ? { mode: input.mode } : {}) };
      const planner = new Planner({
        provider: input.onModelCall ? recordingProvider(provider, input.onModelCall) : provider,
        executor: this.deps.executor,
        tools,
        modules: this.deps.modules,
        options,
        ...(this.deps.reader ? { reader: this.deps.reader } : {}),
        ...(this.deps.imageText ? { imageText: this.deps.imageText } : {}),
      });
      const { provider: _name, mode: _mode, onEvent, onModelCall: _record, ...turn } = input;
      const finished = await planner.turn({
        ...turn,
        turnId,
        signal: controller.signal,
        onEvent: (event) => {
          this.deps.emit(event);
          onEvent?.(event);
        },
      });
      return { ok: true, value: finished };
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
