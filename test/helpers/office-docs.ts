import { builtinPacks } from '../../apis';
import { packDocuments, type ApiDocument, type PackDefinition } from '../../apis/sdk';

/** The built-in office packs' API documents (for core tests, which may not import the packs themselves). */
export function officeDocuments(): ApiDocument[] {
  return builtinPacks.flatMap(packDocuments);
}

/** One built-in pack by name (for core tests that run a pack's API in process). */
export function builtinPack(name: string): PackDefinition {
  const pack = builtinPacks.find((p) => p.name === name);
  if (!pack) throw new Error(`no built-in pack ${name}`);
  return pack;
}
