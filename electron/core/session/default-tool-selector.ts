import { join } from 'node:path';
import type { Logger } from '../log/logger';
import type { ApiRegistry } from '../platform/registry';
import { estimateTokens, renderDeclarations } from '../platform/declarations';
import type { SelectorToolSelector } from './selector-tool-selector';

/**
 * The core's default ToolSelector: the selector (offline GloVe word vectors + LanceDB full text) over
 * the registry, kept in step with pack changes. Imported on first use so LanceDB's native module is
 * not loaded by cores that never plan.
 */
export async function openDefaultToolSelector(deps: { registry: ApiRegistry; modelsDir: string; indexDir: string; logger: Logger }): Promise<{ tools: SelectorToolSelector; dispose: () => Promise<void> }> {
  const [{ Selector }, { GloveEmbedder }, { selectorDoc }, { SelectorToolSelector }] = await Promise.all([
    import('../selector/selector'),
    import('../selector/glove-embedder'),
    import('../selector/documents'),
    import('./selector-tool-selector'),
  ]);
  const embedder = await GloveEmbedder.open(deps.modelsDir, { onBuild: (reason) => deps.logger.info('building word-vector cache', { reason }) });
  const selector = new Selector({ uri: join(deps.indexDir), embedder, source: () => deps.registry.listApis().map(selectorDoc), logger: deps.logger });
  await selector.start();
  const unsubscribe = deps.registry.onChange((change) => {
    void selector.syncPack(change.pack).catch((error: unknown) => deps.logger.warn('selector sync failed', { error }));
  });
  const tools = new SelectorToolSelector(selector, {
    tokensOf: (name) => {
      const doc = deps.registry.getApi(name);
      return doc ? estimateTokens(renderDeclarations([doc], 'compact')) : undefined;
    },
  });
  return {
    tools,
    dispose: async () => {
      unsubscribe.dispose();
      await selector.dispose();
    },
  };
}
