import { builtinPacks } from '../../apis';
import { packDocuments, type ApiDocument } from '../../apis/sdk';

/** The built-in office packs' API documents (for core tests, which may not import the packs themselves). */
export function officeDocuments(): ApiDocument[] {
  return builtinPacks.flatMap(packDocuments);
}
