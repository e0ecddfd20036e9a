import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ZipFile } from 'yazl';
import { createLogger, memorySink } from '../../log/logger';
import { fetchPackSource } from './fetch-pack-source';
import { PackError } from './pack-error';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/packs/', import.meta.url));
const logger = createLogger({ sinks: [memorySink()] });

let tmp: string;
let workDir: string;
let packageJson: string;
let indexJs: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'sb-hostile-'));
  packageJson = await readFile(join(FIXTURES, 'hello-pack', 'package.json'), 'utf8');
  indexJs = await readFile(join(FIXTURES, 'hello-pack', 'index.js'), 'utf8');
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});
let works = 0;
beforeEach(async () => {
  workDir = join(tmp, `work-${(works += 1)}`);
  await mkdir(workDir);
});

/** Expects a PackError with this code, and that neither workDir nor the folder above it gained anything. */
async function expectRefused(file: string, code: PackError['code'], message?: RegExp, options: { maxBytes?: number } = {}): Promise<void> {
  const before = (await readdir(tmp)).sort();
  const error = await fetchPackSource(file, { workDir, logger, ...options }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PackError);
  expect({ code: (error as PackError).code, message: (error as PackError).message }).toMatchObject({ code });
  if (message) expect((error as PackError).message).toMatch(message);
  expect(await readdir(workDir)).toEqual([]);
  expect((await readdir(tmp)).sort()).toEqual(before);
}

// --- tar, written by hand so that every hostile header can be made ---

type TarEntry = { name: string; data?: Buffer; type?: string; linkname?: string };

function tarHeader({ name, data = Buffer.alloc(0), type = '0', linkname = '' }: TarEntry): Buffer {
  const header = Buffer.alloc(512);
  const octal = (value: number, width: number) => `${value.toString(8).padStart(width - 1, '0')}\0`;
  header.write(name, 0, 100, 'utf8');
  header.write(octal(0o644, 8), 100);
  header.write(octal(0, 8), 108);
  header.write(octal(0, 8), 116);
  header.write(octal(data.length, 12), 124);
  header.write(octal(0, 12), 136);
  header.write('        ', 148);
  header.write(type, 156);
  header.write(linkname, 157, 100, 'utf8');
  header.write('ustar\0', 257);
  header.write('00', 263);
  const sum = header.reduce((total, byte) => total + byte, 0);
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return header;
}

function tgz(entries: TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    blocks.push(tarHeader(entry));
    const data = entry.data ?? Buffer.alloc(0);
    blocks.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

const goodEntries = (): TarEntry[] => [
  { name: 'package/package.json', data: Buffer.from(packageJson) },
  { name: 'package/index.js', data: Buffer.from(indexJs) },
  { name: 'package/lib/greeting.js', data: Buffer.from('export const greeting = (n) => n;') },
];

async function writeTgz(name: string, entries: TarEntry[]): Promise<string> {
  const file = join(tmp, name);
  await writeFile(file, tgz(entries));
  return file;
}

// --- zip, made by yazl; names yazl refuses are patched in afterwards (same length, so offsets hold) ---

async function zipBuffer(add: (zip: ZipFile) => void): Promise<Buffer> {
  const zip = new ZipFile();
  add(zip);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function replaceAll(buffer: Buffer, from: string, to: string): Buffer {
  expect(from.length).toBe(to.length);
  const out = Buffer.from(buffer);
  for (let at = out.indexOf(from); at !== -1; at = out.indexOf(from, at + 1)) out.write(to, at, 'latin1');
  return out;
}

async function writeRaw(name: string, buffer: Buffer): Promise<string> {
  const file = join(tmp, name);
  await writeFile(file, buffer);
  return file;
}

const addGood = (zip: ZipFile) => {
  zip.addBuffer(Buffer.from(packageJson), 'package.json');
  zip.addBuffer(Buffer.from(indexJs), 'index.js');
};

describe('hostile tarballs', () => {
  it('accepts the well-formed hand-made tarball (the builder itself is sound), names like "..notes" included', async () => {
    const entries = [...goodEntries(), { name: 'package/docs/..notes', data: Buffer.from('fine') }, { name: 'package/./docs/', type: '5' }];
    const source = await fetchPackSource(await writeTgz('good.tgz', entries), { workDir, logger });
    expect(source.manifest.name).toBe('switchboard-pack-hello');
    expect(await readFile(join(source.dir, 'docs', '..notes'), 'utf8')).toBe('fine');
    await source.dispose();
  });

  it('refuses zip-slip (..), absolute paths, backslashes and drive letters, naming the entry', async () => {
    await expectRefused(
      await writeTgz('slip.tgz', [...goodEntries(), { name: 'package/../../evil.js', data: Buffer.from('x') }]),
      'BAD_ARCHIVE',
      /"package\/\.\.\/\.\.\/evil\.js".*outside/,
    );
    await expectRefused(
      await writeTgz('abs.tgz', [...goodEntries(), { name: '/tmp/evil.js', data: Buffer.from('x') }]),
      'BAD_ARCHIVE',
      /"\/tmp\/evil\.js" refused: absolute path/,
    );
    await expectRefused(await writeTgz('bs.tgz', [...goodEntries(), { name: 'package\\..\\..\\evil.js', data: Buffer.from('x') }]), 'BAD_ARCHIVE', /backslash/);
    await expectRefused(await writeTgz('drive.tgz', [...goodEntries(), { name: 'C:/evil.js', data: Buffer.from('x') }]), 'BAD_ARCHIVE', /drive letter/);
  });

  it('refuses symlinks, hard links and device files', async () => {
    await expectRefused(
      await writeTgz('sym.tgz', [...goodEntries(), { name: 'package/leak', type: '2', linkname: '/etc/passwd' }]),
      'BAD_ARCHIVE',
      /"package\/leak" refused: links are not allowed/,
    );
    await expectRefused(
      await writeTgz('hard.tgz', [...goodEntries(), { name: 'package/leak', type: '1', linkname: 'package/index.js' }]),
      'BAD_ARCHIVE',
      /links are not allowed/,
    );
    await expectRefused(
      await writeTgz('dev.tgz', [...goodEntries(), { name: 'package/tty', type: '3' }]),
      'BAD_ARCHIVE',
      /CharacterDevice entries are not allowed/,
    );
    await expectRefused(await writeTgz('fifo.tgz', [...goodEntries(), { name: 'package/pipe', type: '6' }]), 'BAD_ARCHIVE', /FIFO/);
  });

  it('stops a gzip bomb by counting unpacked bytes, and refuses a tarball compressed twice', async () => {
    const bomb = await writeTgz('bomb.tgz', [...goodEntries(), { name: 'package/zeros.bin', data: Buffer.alloc(3 * 1024 * 1024) }]);
    expect((await readFile(bomb)).length).toBeLessThan(20 * 1024);
    await expectRefused(bomb, 'TOO_LARGE', /more than 1048576 bytes/, { maxBytes: 1024 * 1024 });
    await expectRefused(await writeRaw('double.tgz', gzipSync(tgz(goodEntries()))), 'BAD_ARCHIVE', /compressed twice/);
  });

  it('refuses truncated and corrupt tarballs with a clear error', async () => {
    const whole = tgz([...goodEntries(), { name: 'package/data.bin', data: Buffer.from(Array.from({ length: 40_000 }, (_, i) => (i * 7919) % 251)) }]);
    await expectRefused(await writeRaw('cut.tgz', whole.subarray(0, whole.length >> 1)), 'BAD_ARCHIVE', /truncated or corrupt/);
    await expectRefused(await writeRaw('junk.tgz', Buffer.from('this is not an archive at all')), 'BAD_ARCHIVE', /truncated or corrupt/);
    const ungzipped = Buffer.concat([tarHeader({ name: 'package/a', data: Buffer.alloc(5000) }), Buffer.alloc(512)]);
    await expectRefused(await writeRaw('short.tgz', gzipSync(ungzipped)), 'BAD_ARCHIVE', /truncated or corrupt/);
  });
});

describe('hostile zips', () => {
  it('refuses zip-slip and absolute paths, naming the entry', async () => {
    const slip = replaceAll(await zipBuffer((zip) => (addGood(zip), zip.addBuffer(Buffer.from('x'), 'zz/evil.js'))), 'zz/evil.js', '../evil.js');
    await expectRefused(await writeRaw('slip.zip', slip), 'BAD_ARCHIVE', /"\.\.\/evil\.js" refused/);
    const absolute = replaceAll(await zipBuffer((zip) => (addGood(zip), zip.addBuffer(Buffer.from('x'), 'Xtmp/evil.js'))), 'Xtmp/evil.js', '/tmp/evil.js');
    await expectRefused(await writeRaw('abs.zip', absolute), 'BAD_ARCHIVE', /"\/tmp\/evil\.js" refused: absolute path/);
    const backslash = replaceAll(await zipBuffer((zip) => (addGood(zip), zip.addBuffer(Buffer.from('x'), 'zz/evil.js'))), 'zz/evil.js', '..\\evil.js');
    await expectRefused(await writeRaw('bs.zip', backslash), 'BAD_ARCHIVE', /evil\.js/);
  });

  it('refuses a symlink entry pointing out of the pack', async () => {
    const zip = await zipBuffer((z) => (addGood(z), z.addBuffer(Buffer.from('/etc/passwd'), 'leak', { mode: 0o120777 })));
    await expectRefused(await writeRaw('sym.zip', zip), 'BAD_ARCHIVE', /"leak" refused: links are not allowed/);
  });

  it('refuses a zip bomb, whether or not its headers tell the truth', async () => {
    const honest = await zipBuffer((z) => (addGood(z), z.addBuffer(Buffer.alloc(3 * 1024 * 1024), 'zeros.bin')));
    expect(honest.length).toBeLessThan(20 * 1024);
    await expectRefused(await writeRaw('bomb.zip', honest), 'TOO_LARGE', /more than 1048576 bytes/, { maxBytes: 1024 * 1024 });
    // The same archive claiming the entry is 100 bytes: the stream is cut off as soon as it says more.
    const lying = lieAboutSize(honest, 'zeros.bin', 100);
    const error = await fetchPackSource(await writeRaw('lying.zip', lying), { workDir, logger, maxBytes: 1024 * 1024 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackError);
    expect(['TOO_LARGE', 'BAD_ARCHIVE']).toContain((error as PackError).code);
    expect(await readdir(workDir)).toEqual([]);
  });

  it('refuses more than 10,000 entries', async () => {
    const many = await zipBuffer((z) => {
      addGood(z);
      for (let i = 0; i < 10_000; i += 1) z.addBuffer(Buffer.alloc(0), `f/${i}`, { compress: false });
    });
    await expectRefused(await writeRaw('many.zip', many), 'TOO_LARGE', /10002 entries; the limit is 10000/);
  });

  it('refuses truncated and corrupt zips with a clear error', async () => {
    const whole = await zipBuffer(addGood);
    await expectRefused(await writeRaw('cut.zip', whole.subarray(0, whole.length - 40)), 'BAD_ARCHIVE', /zip archive is truncated or corrupt/);
    await expectRefused(await writeRaw('junk.zip', Buffer.from('PK but not really a zip file, sorry')), 'BAD_ARCHIVE', /truncated or corrupt/);
  });
});

describe('hostile folders', () => {
  it('refuses a folder with a link leading outside it, and copies links that stay inside', async () => {
    const folder = join(tmp, 'linked');
    await cp(join(FIXTURES, 'hello-pack'), folder, { recursive: true });
    const secret = join(tmp, 'secret.txt');
    await writeFile(secret, 'secret');
    await symlink(secret, join(folder, 'lib', 'leak.txt'));
    await expectRefused(folder, 'BAD_SOURCE', /link "lib\/leak.txt" leads outside the pack folder/);
    await rm(join(folder, 'lib', 'leak.txt'));
    await symlink('..', join(folder, 'lib', 'loop'));
    await expectRefused(folder, 'BAD_SOURCE', /makes a loop/);
  });

  it('refuses a folder that contains the work folder (it would copy itself)', async () => {
    const folder = join(tmp, 'contains-work');
    await cp(join(FIXTURES, 'hello-pack'), folder, { recursive: true });
    const inner = join(folder, 'packs', '.tmp');
    await mkdir(inner, { recursive: true });
    const error = await fetchPackSource(folder, { workDir: inner, logger }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_SOURCE', message: expect.stringMatching(/work folder lies inside the pack folder/) });
    expect(await readdir(inner)).toEqual([]);
  });

  it('counts bytes and entries for folders too', async () => {
    const folder = join(tmp, 'big-folder');
    await cp(join(FIXTURES, 'hello-pack'), folder, { recursive: true });
    await writeFile(join(folder, 'big.bin'), Buffer.alloc(2 * 1024 * 1024));
    await expectRefused(folder, 'TOO_LARGE', /more than 1048576 bytes/, { maxBytes: 1024 * 1024 });
  });
});

/** Rewrites the declared uncompressed size of one entry in both the local header and the central directory. */
function lieAboutSize(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  for (let at = 0; at < out.length - 4; at += 1) {
    const signature = out.readUInt32LE(at);
    if (signature === 0x04034b50 && out.toString('latin1', at + 30, at + 30 + out.readUInt16LE(at + 26)) === name) out.writeUInt32LE(size, at + 22);
    if (signature === 0x02014b50 && out.toString('latin1', at + 46, at + 46 + out.readUInt16LE(at + 28)) === name) out.writeUInt32LE(size, at + 24);
  }
  return out;
}
