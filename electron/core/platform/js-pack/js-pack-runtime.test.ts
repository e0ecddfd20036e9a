import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ZipFile } from 'yazl';
import type { PackManifest } from '../../../../apis/sdk';
import { createLogger, memorySink } from '../../log/logger';
import type { CallOptions } from '../pack-runtime';
import { fetchPackSource, type PackSource } from '../sources/fetch-pack-source';
import { PackError } from '../sources/pack-error';
import { startJsPack, type JsPackRuntime, type StartJsPackOptions } from './js-pack-runtime';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/packs/', import.meta.url));
const sink = memorySink();
const logger = createLogger({ sinks: [sink], level: 'debug' });

let tmp: string;
let home: string;
let workDir: string;
let secret: string;
let tarball: string;
const sources: PackSource[] = [];
const runtimes: JsPackRuntime[] = [];

/** Child processes of this process (Linux); elsewhere an empty list, so the leak check is a no-op. */
async function childPids(): Promise<number[]> {
  const tasks = await readdir('/proc/self/task').catch(() => [] as string[]);
  const pids: number[] = [];
  for (const task of tasks) {
    const text = await readFile(`/proc/self/task/${task}/children`, 'utf8').catch(() => '');
    pids.push(...text.split(/\s+/).filter(Boolean).map(Number));
  }
  return pids;
}

function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function fetchFrom(spec: string): Promise<PackSource> {
  const source = await fetchPackSource(spec, { workDir, logger });
  sources.push(source);
  return source;
}

async function start(source: { dir: string; manifest: PackManifest }, extra: Partial<StartJsPackOptions> = {}): Promise<JsPackRuntime> {
  const runtime = await startJsPack({ dir: source.dir, manifest: source.manifest, logger, homeDir: home, ...extra });
  runtimes.push(runtime);
  return runtime;
}

function call(runtime: JsPackRuntime, verb: string, args: unknown = {}, extra: Partial<CallOptions> = {}) {
  return runtime.call(verb, args, { signal: new AbortController().signal, roots: [], ...extra });
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'sb-js-pack-'));
  home = join(tmp, 'home');
  workDir = join(tmp, 'work');
  await mkdir(join(home, 'hello-data'), { recursive: true });
  await writeFile(join(home, 'hello-data', 'note.txt'), 'inside the granted folder');
  secret = join(tmp, 'elsewhere', 'secret.txt');
  await mkdir(join(tmp, 'elsewhere'));
  await writeFile(secret, 'not for packs');
  const copy = join(tmp, 'hello-pack');
  await cp(join(FIXTURES, 'hello-pack'), copy, { recursive: true });
  await mkdir(join(tmp, 'dist'));
  const { stdout } = await promisify(execFile)('npm', ['pack', '--json', '--pack-destination', join(tmp, 'dist')], { cwd: copy });
  tarball = join(tmp, 'dist', basename((JSON.parse(stdout) as { filename: string }[])[0]!.filename));
});

afterEach(async () => {
  for (const runtime of runtimes.splice(0)) {
    const pid = runtime.pid;
    await runtime.dispose();
    if (pid !== undefined) expect(isGone(pid)).toBe(true);
  }
  for (const source of sources.splice(0)) await source.dispose();
});

afterAll(async () => {
  expect(await childPids()).toEqual([]);
  await rm(tmp, { recursive: true, force: true });
});

describe('hello-pack, installed from a real npm pack tarball', () => {
  it('greets, reads inside its granted folder, and is denied outside it', async () => {
    const source = await fetchFrom(tarball);
    expect(source.source.kind).toBe('tgz');
    const runtime = await start(source);

    expect(await call(runtime, 'greet', { name: 'Ada' })).toEqual({ ok: true, value: { greeting: 'Hello, Ada!' } });
    expect(sink.records.some((r) => r.message === 'greeting Ada')).toBe(true);

    const inside = join(home, 'hello-data', 'note.txt');
    expect(await call(runtime, 'readFile', { path: inside })).toEqual({ ok: true, value: { text: 'inside the granted folder' } });

    const outside = await call(runtime, 'readFile', { path: secret });
    expect(outside).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(!outside.ok && outside.error.message).toContain(secret);

    const sneaky = join(home, 'hello-data', '..', '..', 'elsewhere', 'secret.txt');
    expect(await call(runtime, 'readFile', { path: sneaky })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(await call(runtime, 'readFile', { path: join(source.dir, 'package.json') })).toMatchObject({ ok: true });
  });

  it('runs from the folder and zip forms as well', async () => {
    const folder = await start(await fetchFrom(join(FIXTURES, 'hello-pack')));
    expect(await call(folder, 'greet', { name: 'folder' })).toEqual({ ok: true, value: { greeting: 'Hello, folder!' } });

    const zip = new ZipFile();
    for (const file of ['package.json', 'index.js', 'lib/greeting.js']) zip.addBuffer(await readFile(join(FIXTURES, 'hello-pack', file)), file);
    zip.end();
    const chunks: Buffer[] = [];
    for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
    await writeFile(join(tmp, 'hello.zip'), Buffer.concat(chunks));
    const zipped = await start(await fetchFrom(join(tmp, 'hello.zip')));
    expect(await call(zipped, 'greet', { name: 'zip' })).toEqual({ ok: true, value: { greeting: 'Hello, zip!' } });
    expect(await call(zipped, 'nope')).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });
});

describe('tricky-pack: failures stay values and the pack recovers', () => {
  let tricky: PackSource;
  beforeAll(async () => {
    tricky = await fetchPackSource(join(FIXTURES, 'tricky-pack'), { workDir, logger });
  });
  afterAll(async () => {
    await tricky.dispose();
  });

  it('reports thrown errors, values JSON cannot hold and oversized results as API_ERROR', async () => {
    const runtime = await start(tricky, { maxResultBytes: 1000 });
    expect(await call(runtime, 'echo', { a: [1, 'two', null] })).toEqual({ ok: true, value: { a: [1, 'two', null] } });
    expect(await call(runtime, 'fail', { message: 'the sky fell' })).toEqual({ ok: false, error: { code: 'API_ERROR', message: 'the sky fell' } });
    expect(await call(runtime, 'notJson')).toMatchObject({ ok: false, error: { code: 'API_ERROR', message: expect.stringMatching(/not JSON-serialisable/) } });
    expect(await call(runtime, 'big', { length: 500 })).toMatchObject({ ok: true });
    expect(await call(runtime, 'big', { length: 5000 })).toMatchObject({
      ok: false,
      error: { code: 'API_ERROR', message: expect.stringMatching(/more than 1000 bytes/) },
    });
  });

  it('times a call out, kills the child and serves the next call from a new one', async () => {
    const runtime = await start(tricky);
    const first = runtime.pid!;
    expect(await call(runtime, 'hang', {}, { timeoutMs: 300 })).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
    expect(await call(runtime, 'echo', { again: true })).toEqual({ ok: true, value: { again: true } });
    expect(runtime.pid).not.toBe(first);
    expect(isGone(first)).toBe(true);
  });

  it('reports a crash mid-call as PACK_CRASHED, then restarts for the next call', async () => {
    const runtime = await start(tricky);
    const first = runtime.pid!;
    const crashed = await call(runtime, 'crash');
    expect(crashed).toMatchObject({ ok: false, error: { code: 'PACK_CRASHED', message: expect.stringMatching(/code 3/) } });
    expect(runtime.pid).toBeUndefined();
    expect(await call(runtime, 'echo', { after: 'crash' })).toEqual({ ok: true, value: { after: 'crash' } });
    expect(runtime.pid).not.toBe(first);
  });

  it('stops restarting a pack that keeps crashing', async () => {
    const runtime = await start(tricky, { maxRestartsPerMinute: 1 });
    expect(await call(runtime, 'crash')).toMatchObject({ error: { code: 'PACK_CRASHED' } });
    expect(await call(runtime, 'crash')).toMatchObject({ error: { code: 'PACK_CRASHED' } });
    expect(await call(runtime, 'echo')).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringMatching(/stopped 2 times/) } });
  });

  it('cancels through the AbortSignal and keeps serving', async () => {
    const runtime = await start(tricky);
    const controller = new AbortController();
    const pending = call(runtime, 'sleep', { ms: 10_000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(Date.now() - started).toBeLessThan(2_000);
    const pid = runtime.pid;
    expect(await call(runtime, 'sleep', { ms: 10 })).toEqual({ ok: true, value: { slept: 10 } });
    expect(runtime.pid).toBe(pid);
    expect(await call(runtime, 'echo', {}, { signal: AbortSignal.abort() })).toMatchObject({ error: { code: 'CANCELLED' } });
  });

  it('restarts a pack that ignores a cancellation once the call runs out of time', async () => {
    const runtime = await start(tricky);
    const first = runtime.pid!;
    const controller = new AbortController();
    const pending = call(runtime, 'hang', {}, { signal: controller.signal, timeoutMs: 300 });
    setTimeout(() => controller.abort(), 100);
    expect(await pending).toMatchObject({ error: { code: 'CANCELLED' } });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(isGone(first)).toBe(true);
    expect(await call(runtime, 'echo', { ok: 1 })).toEqual({ ok: true, value: { ok: 1 } });
  });

  it('denies child processes, writes, and hosts the manifest does not list', async () => {
    let hits = 0;
    const server: Server = createServer((_req, res) => {
      hits += 1;
      res.end('hi');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const runtime = await start(tricky);
      expect(await call(runtime, 'spawn')).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
      const target = join(home, 'hello-data', 'written.txt');
      const write = await call(runtime, 'write', { path: target });
      expect(write).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
      expect(!write.ok && write.error.message).toContain(target);
      expect(await call(runtime, 'fetchUrl', { url })).toMatchObject({
        ok: false,
        error: { code: 'PERMISSION_DENIED', message: expect.stringMatching(/127\.0\.0\.1/) },
      });
      expect(await call(runtime, 'httpGet', { url })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
      expect(hits).toBe(0);

      const allowed = await start({ dir: tricky.dir, manifest: { ...tricky.manifest, permissions: { folders: [], hosts: ['127.0.0.1'] } } });
      expect(await call(allowed, 'fetchUrl', { url })).toEqual({ ok: true, value: 200 });
      expect(await call(allowed, 'httpGet', { url })).toEqual({ ok: true, value: 200 });
      expect(hits).toBe(2);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('cannot signal the core, send UDP through new dgram.Socket, or resolve unlisted names', async () => {
    const runtime = await start(tricky);
    for (const internal of [false, true]) {
      expect(await call(runtime, 'signalParent', { internal })).toMatchObject({
        ok: false,
        error: { code: 'PERMISSION_DENIED', message: expect.stringMatching(/signalling process \d+ is not allowed/) },
      });
    }
    expect(await call(runtime, 'udp')).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', message: expect.stringMatching(/udp/) } });
    expect(await call(runtime, 'lookup', { host: 'localhost' })).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED', message: expect.stringMatching(/dns localhost/) },
    });
    expect(await call(runtime, 'echo', { still: 'alive' })).toEqual({ ok: true, value: { still: 'alive' } });
  });

  it('stops a pack that writes megabytes without a newline, with a clear error, and serves the next call', async () => {
    const runtime = await start(tricky);
    const outcome = await call(runtime, 'flood');
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'PACK_CRASHED', message: expect.stringMatching(/without a newline \(the limit is 65536\) and was stopped/) },
    });
    expect(await call(runtime, 'echo', { after: 1 })).toEqual({ ok: true, value: { after: 1 } });
  });

  it('passes no secrets and no NODE_OPTIONS to the pack', async () => {
    process.env.SWITCHBOARD_TEST_SECRET = 'hunter2';
    try {
      const runtime = await start(tricky);
      const env = await call(runtime, 'env');
      expect(env.ok).toBe(true);
      const names = (env as { value: string[] }).value;
      expect(names).not.toContain('SWITCHBOARD_TEST_SECRET');
      expect(names).not.toContain('NODE_OPTIONS');
      expect(names.every((name) => ['PATH', 'Path', 'SystemRoot', 'SYSTEMROOT', 'TZ', 'LANG'].includes(name))).toBe(true);
    } finally {
      delete process.env.SWITCHBOARD_TEST_SECRET;
    }
  });

  it('dispose kills the child, waits for it, and settles running calls', async () => {
    const runtime = await startJsPack({ dir: tricky.dir, manifest: tricky.manifest, logger });
    const pid = runtime.pid!;
    const running = call(runtime, 'sleep', { ms: 10_000 });
    await runtime.dispose();
    expect(isGone(pid)).toBe(true);
    expect(await running).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await call(runtime, 'echo')).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });
});

describe('packs that cannot start', () => {
  it('rejects a pack whose module throws while loading, naming the pack', async () => {
    const source = await fetchFrom(join(FIXTURES, 'broken-pack'));
    const error = await startJsPack({ dir: source.dir, manifest: source.manifest, logger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackError);
    expect((error as PackError).message).toMatch(/pack switchboard-pack-broken failed to load: .*broken-pack refuses to load/s);
  });

  it('rejects a pack that does not export every declared API, naming the missing ones', async () => {
    const source = await fetchFrom(join(FIXTURES, 'incomplete-pack'));
    const error = await startJsPack({ dir: source.dir, manifest: source.manifest, logger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackError);
    expect((error as PackError).message).toBe('pack switchboard-pack-incomplete: index.js exports no function for the declared APIs missingOne, missingTwo');
  });

  it('stops a start when its signal aborts, leaving no child behind', async () => {
    const source = await fetchFrom(join(FIXTURES, 'hello-pack'));
    const controller = new AbortController();
    const starting = startJsPack({ dir: source.dir, manifest: source.manifest, logger, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('no longer wanted')), 10);
    await expect(starting).rejects.toThrow('no longer wanted');
    expect(await childPids()).toEqual([]);
  });

  it('refuses broad folders: the whole disk, the home folder or above it, the data folder, inside it or above it', async () => {
    const source = await fetchFrom(join(FIXTURES, 'hello-pack'));
    const dataDir = join(home, '.switchboard');
    const cases: [string, RegExp][] = [
      ['/', /whole disk/],
      ['~', /home folder/],
      [tmp, /home folder or holds it/],
      ['~/.switchboard', /inside Switchboard's data folder/],
      ['~/.switchboard/packs', /inside Switchboard's data folder/],
    ];
    for (const [folder, reason] of cases) {
      const manifest = { ...source.manifest, permissions: { folders: [folder], hosts: [] } };
      await expect(startJsPack({ dir: source.dir, manifest, logger, homeDir: home, dataDir }), folder).rejects.toThrow(reason);
    }
    const elsewhere = { ...source.manifest, permissions: { folders: [join(tmp, 'elsewhere')], hosts: [] } };
    const outsideHome = join(tmp, 'elsewhere', 'data');
    await expect(startJsPack({ dir: source.dir, manifest: elsewhere, logger, homeDir: home, dataDir: outsideHome })).rejects.toThrow(
      /holds Switchboard's data folder/,
    );
  });

  it('rejects permission folders that are relative or use wildcards', async () => {
    const source = await fetchFrom(join(FIXTURES, 'hello-pack'));
    for (const folder of ['relative/dir', '/home/*']) {
      const manifest = { ...source.manifest, permissions: { folders: [folder], hosts: [] } };
      await expect(startJsPack({ dir: source.dir, manifest, logger })).rejects.toThrow(/permission folder/);
    }
  });
});
