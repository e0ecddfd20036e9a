import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ZipFile } from 'yazl';
import { createLogger, memorySink } from '../../log/logger';
import { fetchPackSource, type PackSource } from './fetch-pack-source';
import { parseNpmSpec, packageUrl, resolveVersion } from './npm-registry';
import { PackError } from './pack-error';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/packs/', import.meta.url));
const logger = createLogger({ sinks: [memorySink()] });

let tmp: string;
let workDir: string;
let helloCopy: string;
let tarball: string;
let tarballBytes: Buffer;
const opened: PackSource[] = [];

/** Makes a real tarball the way a pack author would: `npm pack` on the pack folder. */
async function npmPack(folder: string, destination: string): Promise<string> {
  await mkdir(destination, { recursive: true });
  const { stdout } = await promisify(execFile)('npm', ['pack', '--json', '--pack-destination', destination], { cwd: folder });
  const [{ filename }] = JSON.parse(stdout) as { filename: string }[];
  return join(destination, basename(filename));
}

async function expectRefused(promise: Promise<unknown>, code: PackError['code'], message?: RegExp): Promise<PackError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PackError);
  expect((error as PackError).code).toBe(code);
  if (message) expect((error as PackError).message).toMatch(message);
  expect(await readdir(workDir)).toEqual([]);
  return error as PackError;
}

async function zipOf(files: Record<string, string>): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, text] of Object.entries(files)) zip.addBuffer(Buffer.from(text), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'sb-sources-'));
  helloCopy = join(tmp, 'hello-pack');
  await cp(join(FIXTURES, 'hello-pack'), helloCopy, { recursive: true });
  tarball = await npmPack(helloCopy, join(tmp, 'dist'));
  tarballBytes = await readFile(tarball);
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

let works = 0;
beforeEach(async () => {
  workDir = join(tmp, `work-${(works += 1)}`);
  await mkdir(workDir, { recursive: true });
});

afterEach(async () => {
  for (const source of opened.splice(0)) await source.dispose();
});

async function open(spec: string, extra: Partial<Parameters<typeof fetchPackSource>[1]> = {}): Promise<PackSource> {
  const source = await fetchPackSource(spec, { workDir, logger, ...extra });
  opened.push(source);
  return source;
}

describe('fetchPackSource: the four forms', () => {
  it('copies a folder, skipping node_modules and .git, and validates the manifest from package.json', async () => {
    const folder = join(tmp, 'folder-form');
    await cp(helloCopy, folder, { recursive: true });
    await mkdir(join(folder, 'node_modules', 'dep'), { recursive: true });
    await writeFile(join(folder, 'node_modules', 'dep', 'index.js'), '');
    await mkdir(join(folder, '.git'));
    await writeFile(join(folder, '.git', 'config'), '');
    await symlink(join(folder, 'lib', 'greeting.js'), join(folder, 'alias.js'));

    const source = await open(folder);
    expect(source.source).toEqual({ kind: 'folder', ref: folder });
    expect(source.manifest).toMatchObject({ name: 'switchboard-pack-hello', module: 'hello', version: '1.0.0', main: 'index.js' });
    expect(source.manifest.apis.map((a) => a.name)).toEqual(['greet', 'readFile']);
    expect(source.dir.startsWith(workDir)).toBe(true);
    expect((await readdir(source.dir)).sort()).toEqual(['README.md', 'alias.js', 'index.js', 'lib', 'package.json']);
    expect((await stat(join(source.dir, 'alias.js'))).isFile()).toBe(true);

    await source.dispose();
    await source.dispose();
    expect(await readdir(workDir)).toEqual([]);
  });

  it('unpacks a tarball made by npm pack (files under package/) and records its sha512', async () => {
    const source = await open(tarball);
    expect(source.source.kind).toBe('tgz');
    expect(source.source.ref).toBe(tarball);
    expect(source.source.integrity).toBe(`sha512-${createHash('sha512').update(tarballBytes).digest('base64')}`);
    expect(source.manifest.name).toBe('switchboard-pack-hello');
    expect(await readFile(join(source.dir, 'lib', 'greeting.js'), 'utf8')).toContain('Hello');
  });

  it('unpacks a zip with files at the top level or under one top folder', async () => {
    const files = {
      'package.json': await readFile(join(helloCopy, 'package.json'), 'utf8'),
      'index.js': await readFile(join(helloCopy, 'index.js'), 'utf8'),
      'lib/greeting.js': await readFile(join(helloCopy, 'lib', 'greeting.js'), 'utf8'),
    };
    const flat = join(tmp, 'flat.zip');
    await writeFile(flat, await zipOf(files));
    const nested = join(tmp, 'nested.zip');
    await writeFile(nested, await zipOf(Object.fromEntries(Object.entries(files).map(([k, v]) => [`hello-pack/${k}`, v]))));

    for (const zip of [flat, nested]) {
      const source = await open(zip);
      expect(source.source.kind).toBe('zip');
      expect(source.manifest.module).toBe('hello');
      expect((await readdir(source.dir)).sort()).toEqual(['index.js', 'lib', 'package.json']);
    }
  });

  it('refuses a manifest that fails the schema, naming the pack and the field, and leaves nothing behind', async () => {
    const folder = join(tmp, 'bad-manifest');
    await cp(helloCopy, folder, { recursive: true });
    const pkg = JSON.parse(await readFile(join(folder, 'package.json'), 'utf8'));
    pkg.switchboard.module = 'Not-A-Module';
    await writeFile(join(folder, 'package.json'), JSON.stringify(pkg));
    const error = await expectRefused(fetchPackSource(folder, { workDir, logger }), 'BAD_MANIFEST', /pack switchboard-pack-hello: invalid manifest/);
    expect(error.message).toMatch(/module: a module is a lower-camel-case identifier/);
    expect(error.pack).toBe('switchboard-pack-hello');
  });

  it('refuses a pack without a manifest, or whose main file is missing', async () => {
    const none = join(tmp, 'no-manifest');
    await mkdir(none);
    await writeFile(join(none, 'package.json'), JSON.stringify({ name: 'plain-package', version: '1.0.0' }));
    await expectRefused(fetchPackSource(none, { workDir, logger }), 'BAD_MANIFEST', /pack plain-package: no switchboard.json/);

    const noMain = join(tmp, 'no-main');
    await cp(helloCopy, noMain, { recursive: true });
    await rm(join(noMain, 'index.js'));
    await expectRefused(fetchPackSource(noMain, { workDir, logger }), 'BAD_MANIFEST', /main file index.js does not exist/);
  });

  it('tells paths from package names', async () => {
    await expectRefused(fetchPackSource(join(tmp, 'does-not-exist'), { workDir, logger }), 'NOT_FOUND');
    await expectRefused(fetchPackSource(join(tmp, 'missing.tgz'), { workDir, logger }), 'NOT_FOUND');
    await expectRefused(fetchPackSource('Not A Package!', { workDir, logger }), 'BAD_SOURCE');
    expect(parseNpmSpec('@acme/pack@^1.2.0')).toEqual({ name: '@acme/pack', range: '^1.2.0' });
    expect(parseNpmSpec('switchboard-pack-weather')).toEqual({ name: 'switchboard-pack-weather' });
    expect(parseNpmSpec('UPPER')).toBeUndefined();
    expect(packageUrl('https://registry.example/', '@acme/pack')).toBe('https://registry.example/@acme%2Fpack');
  });

  it('resolves versions like npm: latest tag, a tag, or the highest version in the range', () => {
    const meta = { 'dist-tags': { latest: '1.2.0', beta: '2.0.0-beta.1' }, versions: { '1.0.0': {}, '1.2.0': {}, '1.3.0': {}, '2.0.0-beta.1': {} } };
    expect(resolveVersion(meta)).toBe('1.2.0');
    expect(resolveVersion(meta, 'beta')).toBe('2.0.0-beta.1');
    expect(resolveVersion(meta, '^1.0.0')).toBe('1.3.0');
    expect(resolveVersion(meta, '~1.0.0')).toBe('1.0.0');
    expect(resolveVersion(meta, '^3')).toBeUndefined();
  });
});

describe('fetchPackSource: npm registry form (local registry on 127.0.0.1)', () => {
  let server: Server;
  let registryUrl: string;
  const requests: string[] = [];

  beforeAll(async () => {
    const sha512 = createHash('sha512').update(tarballBytes).digest('base64');
    const sha1 = createHash('sha1').update(tarballBytes).digest('hex');
    const wrong = createHash('sha512').update('something else').digest('base64');
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const meta = (name: string, dist: Record<string, string>) => ({
        name,
        'dist-tags': { latest: '1.0.0' },
        versions: { '0.9.0': { dist: { tarball: `${base}/missing.tgz` } }, '1.0.0': { name, version: '1.0.0', dist } },
      });
      const json = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      switch (req.url) {
        case '/switchboard-pack-hello':
          return json(meta('switchboard-pack-hello', { tarball: `${base}/hello.tgz`, integrity: `sha512-${sha512}`, shasum: sha1 }));
        case '/switchboard-pack-sha1':
          return json(meta('switchboard-pack-hello', { tarball: `${base}/hello.tgz`, shasum: sha1 }));
        case '/switchboard-pack-tampered':
          return json(meta('switchboard-pack-tampered', { tarball: `${base}/hello.tgz`, integrity: `sha512-${wrong}` }));
        case '/switchboard-pack-dropped':
          return json(meta('switchboard-pack-dropped', { tarball: `${base}/dropped.tgz`, integrity: `sha512-${sha512}` }));
        case '/hello.tgz':
          return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(tarballBytes);
        case '/dropped.tgz':
          res.writeHead(200, { 'content-length': String(tarballBytes.length) });
          res.write(tarballBytes.subarray(0, tarballBytes.length >> 1));
          return void setTimeout(() => res.socket?.destroy(), 20);
        default:
          return res.writeHead(404).end('{"error":"not found"}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    registryUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('downloads, verifies sha512 and unpacks the latest version', async () => {
    const source = await open('switchboard-pack-hello', { registryUrl });
    expect(source.source).toEqual({
      kind: 'npm',
      ref: 'switchboard-pack-hello',
      integrity: `sha512-${createHash('sha512').update(tarballBytes).digest('base64')}`,
    });
    expect(source.manifest.version).toBe('1.0.0');
    expect(await readdir(source.dir)).toContain('index.js');
  });

  it('falls back to the sha1 shasum when there is no integrity', async () => {
    // The manifest inside names switchboard-pack-hello, so asking under another name is refused after the download.
    await expectRefused(fetchPackSource('switchboard-pack-sha1@^1.0.0', { workDir, logger, registryUrl }), 'BAD_MANIFEST', /names a different pack/);
  });

  it('refuses a tarball whose integrity does not match, before unpacking, leaving nothing', async () => {
    await expectRefused(fetchPackSource('switchboard-pack-tampered', { workDir, logger, registryUrl }), 'INTEGRITY', /does not match its sha512 integrity/);
  });

  it('reports an unknown package, an unknown version, and encodes scoped names', async () => {
    await expectRefused(fetchPackSource('switchboard-pack-nope', { workDir, logger, registryUrl }), 'NOT_FOUND', /switchboard-pack-nope was not found/);
    await expectRefused(
      fetchPackSource('switchboard-pack-hello@^7', { workDir, logger, registryUrl }),
      'NOT_FOUND',
      /no version of switchboard-pack-hello matches \^7/,
    );
    await expectRefused(fetchPackSource('@acme/pack@^1.2.0', { workDir, logger, registryUrl }), 'NOT_FOUND');
    expect(requests).toContain('/@acme%2Fpack');
  });

  it('reports a connection dropped mid-download and an unreachable registry as NETWORK', async () => {
    await expectRefused(fetchPackSource('switchboard-pack-dropped', { workDir, logger, registryUrl }), 'NETWORK', /connection dropped/);
    await expectRefused(fetchPackSource('switchboard-pack-hello', { workDir, logger, registryUrl: 'http://127.0.0.1:9' }), 'NETWORK', /could not reach/);
  });

  it('stops when the signal aborts and leaves nothing', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(fetchPackSource('switchboard-pack-hello', { workDir, logger, registryUrl, signal: controller.signal })).rejects.toThrow('stop');
    const late = new AbortController();
    const pending = fetchPackSource('switchboard-pack-dropped', { workDir, logger, registryUrl, signal: late.signal });
    setTimeout(() => late.abort(new Error('late stop')), 5);
    await expect(pending).rejects.toThrow();
    expect(await readdir(workDir)).toEqual([]);
  });
});
