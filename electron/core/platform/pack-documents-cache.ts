import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { apiDocumentSchema, packDocuments, type ApiDocument, type PackDefinition } from '../../../apis/sdk';
import { writeFileAtomic } from '../config/atomic-write';
import type { Logger } from '../log/logger';
import { errorMessage } from '../../shared/errors';

/**
 * Where the built-in packs' API documents are cached and what they were derived from. `key` names the
 * built code (the CLI bundle's content hash, written by its build) and the zod release that turns the
 * schemas into JSON Schema: a cache under any other key is refused and rewritten, so it cannot go stale.
 */
export const documentsCacheSchema = z.object({
  file: z.string().min(1).describe('the cache file, <data folder>/cache/pack-documents.json'),
  key: z.string().min(1).describe('what the documents were derived from: the build id and the zod version'),
});
export type DocumentsCache = z.infer<typeof documentsCacheSchema>;

const cacheFileSchema = z.object({
  key: z.string(),
  packs: z.record(z.string(), z.object({ version: z.string(), documents: z.array(apiDocumentSchema) })),
});
type CacheFile = z.infer<typeof cacheFileSchema>;

/** The zod release the documents' JSON Schemas come from (part of every cache key). */
export function zodVersion(): string {
  const { major, minor, patch } = z.core.version;
  return `${major}.${minor}.${patch}`;
}

/**
 * The API documents of each built-in pack (by pack name). Without a cache they are derived from the zod
 * schemas (packDocuments); with one, documents cached under the same key and pack version are used, and
 * any pack missing from it is derived and the cache rewritten (atomically). A cache that cannot be read,
 * does not parse or has another key is ignored and replaced; a cache that cannot be written only costs
 * the next start the derivation.
 */
export async function builtinDocuments(
  packs: readonly PackDefinition[],
  cache: DocumentsCache | undefined,
  logger: Logger,
): Promise<Map<string, ApiDocument[]>> {
  const result = new Map<string, ApiDocument[]>();
  if (!cache) {
    for (const pack of packs) result.set(pack.name, packDocuments(pack));
    return result;
  }
  const stored = await readCache(cache, logger);
  let changed = stored === undefined;
  const next: CacheFile = { key: cache.key, packs: { ...stored?.packs } };
  for (const pack of packs) {
    const hit = stored?.packs[pack.name];
    if (hit && hit.version === pack.version) {
      result.set(pack.name, hit.documents);
      continue;
    }
    const documents = packDocuments(pack);
    result.set(pack.name, documents);
    next.packs[pack.name] = { version: pack.version, documents };
    changed = true;
  }
  if (changed) {
    try {
      await writeFileAtomic(cache.file, `${JSON.stringify(next)}\n`, 0o644);
    } catch (error) {
      logger.warn('could not write the built-in packs’ documents cache', { file: cache.file, error: errorMessage(error) });
    }
  }
  return result;
}

async function readCache(cache: DocumentsCache, logger: Logger): Promise<CacheFile | undefined> {
  let text: string;
  try {
    text = await readFile(cache.file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      logger.warn('could not read the built-in packs’ documents cache; rebuilding it', { file: cache.file, error: errorMessage(error) });
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    logger.warn('the built-in packs’ documents cache is corrupt; rebuilding it', { file: cache.file });
    return undefined;
  }
  const parsed = cacheFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    logger.warn('the built-in packs’ documents cache is invalid; rebuilding it', {
      file: cache.file,
      issue: issue ? `${issue.path.join('.')}: ${issue.message}` : undefined,
    });
    return undefined;
  }
  if (parsed.data.key !== cache.key) {
    logger.info('the built-in packs’ documents cache is from another build; rebuilding it', { file: cache.file });
    return undefined;
  }
  return parsed.data;
}
