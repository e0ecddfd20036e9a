import type { CatalogEntry } from './catalog';

/** Memory kept free for the system, the app, the embedding model and the index beside a local chat model. */
export const MEMORY_HEADROOM_BYTES = 2 * 1024 ** 3;
/** Context for a chat file the catalogue does not describe: the planner's program prompt needs about 12k tokens. */
export const UNKNOWN_MODEL_CONTEXT = 16_384;
/** The least context the local provider is given when memory is short. */
export const MIN_LOCAL_CONTEXT = 4096;

/** The chat model and context the local provider uses, and why. */
export interface LocalChoice {
  chatModel: string;
  contextSize: number;
  reason: string;
}

const chatEntries = (catalog: readonly CatalogEntry[]) => catalog.filter((e) => e.kind === 'chat' && e.ramBytes !== undefined);

/** True when the machine can run this model beside the app. */
export function fitsMemory(entry: CatalogEntry, totalMemoryBytes: number): boolean {
  return entry.ramBytes !== undefined && entry.ramBytes + MEMORY_HEADROOM_BYTES <= totalMemoryBytes;
}

/**
 * The recommended chat model for a machine: the largest catalogue chat model that fits its memory,
 * else the smallest one (the fallback). Undefined when the catalogue has no chat model.
 */
export function recommendChatModel(catalog: readonly CatalogEntry[], totalMemoryBytes: number): CatalogEntry | undefined {
  const chats = chatEntries(catalog).sort((a, b) => (b.ramBytes ?? 0) - (a.ramBytes ?? 0));
  // A catalogue that states no RAM figures (a mirror's, a test's): its first chat model.
  if (chats.length === 0) return catalog.find((e) => e.kind === 'chat');
  return chats.find((e) => fitsMemory(e, totalMemoryBytes)) ?? chats.at(-1);
}

/**
 * What the local provider runs: the person's choice when they made one, else the recommended model for
 * this memory (or, when that one is not downloaded, the largest downloaded one that fits); the context is
 * the person's, else the model's own (cut to MIN_LOCAL_CONTEXT when the machine is short of memory).
 */
export function chooseLocalModel(input: {
  settings: { chatModel?: string | undefined; contextSize?: number | undefined };
  catalog: readonly CatalogEntry[];
  totalMemoryBytes: number;
  installed: ReadonlySet<string>;
}): LocalChoice {
  const { settings, catalog, totalMemoryBytes, installed } = input;
  const gib = (totalMemoryBytes / 1024 ** 3).toFixed(1);
  let entry: CatalogEntry | undefined;
  let reason: string;
  if (settings.chatModel !== undefined) {
    entry = catalog.find((e) => e.id === settings.chatModel);
    reason = 'chosen in Settings';
  } else {
    const recommended = recommendChatModel(catalog, totalMemoryBytes);
    const downloadedFit = chatEntries(catalog)
      .filter((e) => installed.has(e.id) && fitsMemory(e, totalMemoryBytes))
      .sort((a, b) => (b.ramBytes ?? 0) - (a.ramBytes ?? 0))[0];
    entry = recommended && !installed.has(recommended.id) && downloadedFit ? downloadedFit : recommended;
    reason =
      entry === recommended
        ? `recommended for ${gib} GiB of memory`
        : `downloaded and fits ${gib} GiB of memory (the recommended ${recommended?.id} is not downloaded)`;
  }
  const chatModel = settings.chatModel ?? entry?.id;
  if (chatModel === undefined) throw new Error('the model catalogue has no chat model; name a GGUF file in Settings');
  if (settings.contextSize !== undefined) return { chatModel, contextSize: settings.contextSize, reason };
  if (!entry) return { chatModel, contextSize: UNKNOWN_MODEL_CONTEXT, reason };
  const own = entry.contextSize ?? MIN_LOCAL_CONTEXT;
  if (fitsMemory(entry, totalMemoryBytes)) return { chatModel, contextSize: own, reason };
  return {
    chatModel,
    contextSize: Math.min(own, MIN_LOCAL_CONTEXT),
    reason: `${reason}; context cut to ${MIN_LOCAL_CONTEXT} tokens: ${gib} GiB of memory is short for this model`,
  };
}
