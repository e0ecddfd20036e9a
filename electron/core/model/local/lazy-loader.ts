import type { LocalProviderLoader } from '../provider-factory';

/**
 * The embedded provider's loader for the hosts to hand to createCore(). node-llama-cpp takes about
 * 1.7 s to import, so it is imported on first use, never at start.
 */
export const loadLocalProvider: LocalProviderLoader = async (options) => {
  const { LlamaProvider } = await import('./llama-provider');
  return LlamaProvider.load(options);
};
