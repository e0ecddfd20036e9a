import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineApi, definePack, packDocuments, type PackDefinition } from '../../../apis/sdk';
import { createLogger, type LogRecord } from '../log/logger';
import { builtinDocuments, zodVersion } from './pack-documents-cache';

const work = mkdtempSync(join(tmpdir(), 'switchboard-pack-docs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Three small packs defined here (core code never imports the real ones; the CLI hands them to createCore).
function testPack(name: string): PackDefinition {
  const api = (verb: string) =>
    defineApi({
      name: verb,
      description: `Reads the ${verb} of a file in the ${name} test pack and returns it`,
      parameters: z.object({
        path: z.string().describe('the file, relative to a granted folder'),
        depth: z.number().int().min(0).optional().describe('how many folders deep'),
      }),
      returns: z.object({ size: z.number(), names: z.array(z.string()) }),
      effects: 'read',
      run: async () => ({ size: 0, names: [] }),
    });
  return definePack({ name, version: '1.2.3', description: `The ${name} test pack`, apis: [api('size'), api('names')] });
}
const builtinPacks = ['fs', 'xlsx', 'pdf'].map(testPack);
const derived = new Map(builtinPacks.map((pack) => [pack.name, packDocuments(pack)]));
let n = 0;

function setup(key = 'build-a zod-4') {
  const records: LogRecord[] = [];
  const logger = createLogger({ sinks: [(record) => records.push(record)], level: 'debug' });
  const file = join(work, `case-${n++}`, 'cache', 'pack-documents.json');
  return { records, logger, file, cache: { file, key } };
}

const readCache = (file: string) =>
  JSON.parse(readFileSync(file, 'utf8')) as { key: string; packs: Record<string, { version: string; documents: { name: string; description: string }[] }> };

describe('the built-in packs’ documents cache', () => {
  it('is written on the first start with exactly the documents the zod schemas give', async () => {
    const { logger, file, cache } = setup();
    const documents = await builtinDocuments(builtinPacks, cache, logger);
    expect(documents).toEqual(derived);
    const stored = readCache(file);
    expect(stored.key).toBe(cache.key);
    expect(Object.keys(stored.packs).sort()).toEqual(builtinPacks.map((p) => p.name).sort());
    for (const pack of builtinPacks) expect(stored.packs[pack.name]).toEqual({ version: pack.version, documents: derived.get(pack.name) });
  });

  it('is used by the next start, not rewritten', async () => {
    const { logger, file, cache } = setup();
    await builtinDocuments(builtinPacks, cache, logger);
    // A marker only the cache holds: the next start must return it, so it read the file instead of deriving.
    const stored = readCache(file);
    stored.packs.fs!.documents[0]!.description = 'MARKER: a description only the cache file holds';
    writeFileSync(file, JSON.stringify(stored));
    const before = statSync(file).mtimeMs;
    const documents = await builtinDocuments(builtinPacks, cache, logger);
    expect(documents.get('fs')![0]!.description).toBe('MARKER: a description only the cache file holds');
    expect(documents.get('xlsx')).toEqual(derived.get('xlsx'));
    expect(statSync(file).mtimeMs).toBe(before);
  });

  it('from another build is refused and rewritten under this build’s key', async () => {
    const { logger, file, cache, records } = setup('build-b zod-4');
    await builtinDocuments(builtinPacks, { ...cache, key: 'build-old zod-4' }, logger);
    const stale = readCache(file);
    stale.packs.fs!.documents[0]!.description = 'STALE: the description an older build gave this API';
    writeFileSync(file, JSON.stringify(stale));
    const documents = await builtinDocuments(builtinPacks, cache, logger);
    expect(documents).toEqual(derived);
    expect(readCache(file).key).toBe('build-b zod-4');
    expect(JSON.stringify(readCache(file))).not.toContain('STALE');
    expect(records.map((r) => r.message)).toContain('the built-in packs’ documents cache is from another build; rebuilding it');
  });

  it('for another pack version is refused for that pack', async () => {
    const { logger, file, cache } = setup();
    await builtinDocuments(builtinPacks, cache, logger);
    const stored = readCache(file);
    stored.packs.pdf!.version = '0.0.0-old';
    stored.packs.pdf!.documents[0]!.description = 'OLD: the description an older version gave this API';
    writeFileSync(file, JSON.stringify(stored));
    const documents = await builtinDocuments(builtinPacks, cache, logger);
    expect(documents.get('pdf')).toEqual(derived.get('pdf'));
    expect(readCache(file).packs.pdf!.version).toBe(builtinPacks.find((p) => p.name === 'pdf')!.version);
  });

  it.each([
    ['corrupt', '{"key": "build-a zod-4", "packs": {'],
    ['empty', ''],
    ['invalid', JSON.stringify({ key: 'build-a zod-4', packs: { fs: { version: '1.0.0', documents: [{ name: 'fs.stat' }] } } })],
  ])('that is %s is ignored and rewritten', async (_kind, text) => {
    const { logger, file, cache, records } = setup();
    await builtinDocuments([], cache, logger);
    writeFileSync(file, text);
    const documents = await builtinDocuments(builtinPacks, cache, logger);
    expect(documents).toEqual(derived);
    expect(readCache(file).packs.fs!.documents).toEqual(derived.get('fs'));
    expect(records.some((r) => r.level === 'warn' && r.message.includes('rebuilding it'))).toBe(true);
  });

  it('that cannot be written still gives the documents and says why', async () => {
    const { logger, records } = setup();
    const blocker = join(work, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const documents = await builtinDocuments(builtinPacks, { file: join(blocker, 'cache', 'pack-documents.json'), key: 'k' }, logger);
    expect(documents).toEqual(derived);
    expect(records.some((r) => r.level === 'warn' && r.message.includes('could not write'))).toBe(true);
  });

  it('is keyed by the zod release the schemas are converted with', () => {
    expect(zodVersion()).toMatch(/^4\.\d+\.\d+$/);
  });
});
