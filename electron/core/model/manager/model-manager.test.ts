import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFileServer, type FileServer } from '../../../../test/helpers/file-server';
import { haveSharedModels, sharedModel } from '../../../../test/helpers/shared-models';
import { tempHome } from '../../../../test/helpers/temp-home';
import { createLogger, memorySink } from '../../log/logger';
import type { CatalogEntry } from './catalog';
import { isModelManagerError, type ModelManagerErrorCode } from './errors';
import { ModelManager, type ModelProgress } from './model-manager';

const GGUF = 'llama-2-tiny-random.gguf';
const GGUF_SHA256 = '81f226c62d28ed4a1a9b9fa080fcd9f0cc40e0f9d5680036583ff98fbcd035cb';
const GGUF_SIZE = 1_750_560;
const ready = haveSharedModels([GGUF, 'for-tests-ggml-tiny.en.bin']);

let home: Awaited<ReturnType<typeof tempHome>>;
let server: FileServer | undefined;
beforeEach(async () => (home = await tempHome()));
afterEach(async () => {
  await server?.close();
  server = undefined;
  await home.cleanup();
});

function entry(url: string, extra: Partial<CatalogEntry> = {}): CatalogEntry {
  return {
    id: 'tiny',
    kind: 'chat',
    label: 'tiny',
    file: 'tiny.gguf',
    url,
    size: GGUF_SIZE,
    sizeApprox: false,
    sha256: GGUF_SHA256,
    license: 'MIT',
    description: 'test',
    ...extra,
  };
}

async function manager(entries: CatalogEntry[], free = Number.MAX_SAFE_INTEGER): Promise<ModelManager> {
  const catalogFile = join(home.dir, 'catalog.json');
  await writeFile(catalogFile, JSON.stringify(entries));
  return new ModelManager({
    modelsDir: join(home.dir, 'models'),
    catalogFile,
    logger: createLogger({ sinks: [memorySink()] }),
    freeSpace: async () => free,
    retries: 3,
  });
}

async function codeOf(work: Promise<unknown>): Promise<ModelManagerErrorCode | 'resolved'> {
  try {
    await work;
    return 'resolved';
  } catch (error) {
    if (isModelManagerError(error)) return error.code;
    throw error;
  }
}

const files = async (dir: string) => (await readdir(dir, { recursive: true }).catch(() => [] as string[])).filter((f) => !f.endsWith('.json')).sort();

describe.runIf(ready)('ModelManager downloads from a local HTTP server', () => {
  it('pulls with progress, verifies the sha256, places the file, lists, verifies and removes it', async () => {
    server = await startFileServer({ '/tiny.gguf': { file: sharedModel(GGUF) } });
    const models = await manager([entry(server.url('/tiny.gguf'))]);
    const progress: ModelProgress[] = [];
    const status = await models.pull('tiny', { onProgress: (p) => progress.push(p) });
    expect(status.installed).toBe(true);
    const bytes = await readFile(status.path);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(GGUF_SHA256);
    const downloads = progress.filter((p) => p.phase === 'download').map((p) => p.received);
    expect(downloads.length).toBeGreaterThan(3);
    expect(downloads).toEqual([...downloads].sort((a, b) => a - b));
    expect(downloads.at(-1)).toBe(GGUF_SIZE);
    expect(progress.at(-1)).toMatchObject({ id: 'tiny', phase: 'verify', received: GGUF_SIZE });
    expect(await files(models.modelsDir)).toEqual(['.partial', 'tiny.gguf']);
    expect((await models.list())[0]).toMatchObject({ installed: true, partialBytes: 0 });
    expect(await models.verify()).toEqual([{ id: 'tiny', status: 'ok', message: 'sha256 matches the published checksum' }]);
    // Pulling again is a no-op: nothing is fetched.
    const before = server.requests.length;
    await models.pull('tiny');
    expect(server.requests.length).toBe(before);
    expect((await models.remove('tiny')).installed).toBe(false);
    expect(await files(models.modelsDir)).toEqual(['.partial']);
  });

  it('refuses a corrupted file with a clear error and leaves nothing in place', async () => {
    server = await startFileServer({ '/tiny.gguf': { file: sharedModel(GGUF), corrupt: true } });
    const models = await manager([entry(server.url('/tiny.gguf'))]);
    const error = await models.pull('tiny').catch((e: unknown) => e);
    expect(isModelManagerError(error) && error.code).toBe('CHECKSUM_MISMATCH');
    expect((error as Error).message).toMatch(/checksum mismatch .* expected 81f226c6/);
    expect(await files(models.modelsDir)).toEqual(['.partial']);
  });

  it('checks a published SHA-1 too (whisper.cpp publishes SHA-1 only)', async () => {
    server = await startFileServer({ '/w.bin': { file: sharedModel('for-tests-ggml-tiny.en.bin') } });
    const sha1 = createHash('sha1')
      .update(await readFile(sharedModel('for-tests-ggml-tiny.en.bin')))
      .digest('hex');
    const good = await manager([entry(server.url('/w.bin'), { id: 'w', file: 'w.bin', sha256: undefined, sha1, size: 586_836 })]);
    expect((await good.pull('w')).installed).toBe(true);
    const bad = await manager([entry(server.url('/w.bin'), { id: 'w2', file: 'w2.bin', sha256: undefined, sha1: '0'.repeat(40), size: 586_836 })]);
    expect(await codeOf(bad.pull('w2'))).toBe('CHECKSUM_MISMATCH');
  });

  it('resumes with an HTTP Range request after the connection drops mid-download', async () => {
    server = await startFileServer({ '/tiny.gguf': { file: sharedModel(GGUF), dropAfterBytes: 700_000, drops: 2 } });
    const models = await manager([entry(server.url('/tiny.gguf'))]);
    const status = await models.pull('tiny');
    expect(status.installed).toBe(true);
    expect(
      createHash('sha256')
        .update(await readFile(status.path))
        .digest('hex'),
    ).toBe(GGUF_SHA256);
    const ranges = server.requests.map((r) => r.range);
    expect(ranges[0]).toBeUndefined();
    expect(ranges.slice(1).every((r) => r !== undefined && /^bytes=[1-9]\d*-$/.test(r))).toBe(true);
    expect(ranges.length).toBe(3);
  });

  it('starts over when the server ignores the Range header, and still verifies', async () => {
    server = await startFileServer({ '/tiny.gguf': { file: sharedModel(GGUF), dropAfterBytes: 500_000, ignoreRange: true } });
    const models = await manager([entry(server.url('/tiny.gguf'))]);
    expect((await models.pull('tiny')).installed).toBe(true);
    expect(
      createHash('sha256')
        .update(await readFile(models.pathOf((await models.entries())[0]!)))
        .digest('hex'),
    ).toBe(GGUF_SHA256);
  });

  it('cancels through cancel(id): nothing in place, the partial stays, the next pull resumes it', async () => {
    server = await startFileServer({ '/tiny.gguf': { file: sharedModel(GGUF), stallAfterBytes: 400_000 } });
    const models = await manager([entry(server.url('/tiny.gguf'))]);
    let cancelled = false;
    const pull = models.pull('tiny', {
      onProgress: (p) => {
        if (!cancelled && p.received >= 300_000) {
          cancelled = true;
          models.cancel('tiny');
        }
      },
    });
    expect(await codeOf(pull)).toBe('CANCELLED');
    const status = (await models.list())[0]!;
    expect(status.installed).toBe(false);
    expect(status.partialBytes).toBeGreaterThan(0);
    server.release();
    expect((await models.pull('tiny')).installed).toBe(true);
    expect(server.requests.at(-1)?.range).toBe(`bytes=${status.partialBytes}-`);
  });

  it('cancels through the caller’s AbortSignal', async () => {
    server = await startFileServer({ '/tiny.gguf': { file: sharedModel(GGUF), stallAfterBytes: 100_000 } });
    const models = await manager([entry(server.url('/tiny.gguf'))]);
    const controller = new AbortController();
    const pull = models.pull('tiny', { signal: controller.signal, onProgress: () => controller.abort() });
    expect(await codeOf(pull)).toBe('CANCELLED');
    expect(models.isPulling('tiny')).toBe(false);
  });

  it('refuses to start without enough free space, before fetching anything', async () => {
    server = await startFileServer({ '/tiny.gguf': { file: sharedModel(GGUF) } });
    const models = await manager([entry(server.url('/tiny.gguf'))], 10_000_000);
    const error = await models.pull('tiny').catch((e: unknown) => e);
    expect(isModelManagerError(error) && error.code).toBe('NO_SPACE');
    expect((error as Error).message).toMatch(/not enough free space/);
    expect(server.requests).toEqual([]);
  });

  it('reports unknown ids, missing files on the server and a bad catalogue', async () => {
    server = await startFileServer({});
    const models = await manager([entry(server.url('/gone.gguf'))]);
    expect(await codeOf(models.pull('nope'))).toBe('NOT_FOUND');
    expect(await codeOf(models.pull('tiny'))).toBe('NOT_FOUND');
    expect(await codeOf(models.remove('tiny'))).toBe('NOT_FOUND');
    const catalogFile = join(home.dir, 'bad.json');
    await writeFile(catalogFile, JSON.stringify([{ id: 'x', file: '../escape' }]));
    const bad = new ModelManager({ modelsDir: home.dir, catalogFile, logger: createLogger({ sinks: [] }) });
    expect(await codeOf(bad.list())).toBe('BAD_CATALOG');
  });

  it('records the hash of a model without a published checksum and notices a later change', async () => {
    server = await startFileServer({ '/tiny.gguf': { file: sharedModel(GGUF) } });
    const models = await manager([entry(server.url('/tiny.gguf'), { sha256: undefined, sizeApprox: true, size: 2_000_000 })]);
    const status = await models.pull('tiny');
    expect((await models.verify())[0]).toMatchObject({ status: 'unverified', message: expect.stringMatching(/unchanged since download/) });
    await writeFile(status.path, 'tampered');
    expect((await models.verify())[0]).toMatchObject({ status: 'mismatch' });
  });
});
