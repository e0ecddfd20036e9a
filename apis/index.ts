import { pptxPack } from './pptx';
import type { PackDefinition } from './sdk';

/** The explicit list of built-in packs (no globbing). Composition roots hand it to createCore(). */
export const builtinPacks: readonly PackDefinition[] = [
  pptxPack,
];
