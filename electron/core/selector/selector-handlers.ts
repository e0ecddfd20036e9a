import type { Handlers } from '../../shared/contract';
import type { SelectorService } from './selector-service';

/** Route handlers of the selector (spread into the core's handler map). */
export function selectorHandlers(service: SelectorService): Pick<Handlers, 'apis.search' | 'apis.select' | 'apis.feedback'> {
  return {
    'apis.search': async (input) => service.search(input.query, { k: input.k, modules: input.modules, moduleMode: input.moduleMode }),
    'apis.select': async (input) => {
      const { steps, toolbox } = await service.select(input.steps, { k: input.k, budgetTokens: input.budgetTokens, maxApis: input.maxApis });
      return { steps, toolbox: toolbox.apis, tokens: toolbox.tokens, dropped: toolbox.dropped };
    },
    'apis.feedback': async (input) => ({ recorded: await service.recordFeedback(input) }),
  };
}
