import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinPack } from '../../../test/helpers/office-docs';
import { builtinRuntime } from '../platform/builtin-runtime';
import { createLogger, memorySink } from '../log/logger';
import type { CallOptions } from '../platform/pack-runtime';
import { createImageTextReader, readOnlyFile, type ApiCaller } from './image-text';

/** The real image pack's readText, in process, counting calls and keeping the options it was given. */
function realCaller(): { call: ApiCaller; calls: { name: string; options: CallOptions }[] } {
  const runtime = builtinRuntime(builtinPack('image'), createLogger({ sinks: [memorySink()], level: 'error' }));
  const calls: { name: string; options: CallOptions }[] = [];
  return {
    calls,
    call: async (name, args, options) => {
      calls.push({ name, options });
      return runtime.call(name.slice('image.'.length), args, options);
    },
  };
}

async function textPng(path: string, text: string): Promise<void> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="120"><rect width="100%" height="100%" fill="white"/><text x="20" y="75" font-family="DejaVu Sans" font-size="40" fill="black">${text}</text></svg>`;
  await writeFile(path, await sharp(Buffer.from(svg)).png().toBuffer());
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'image-text-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('image text for the prompts', () => {
  it('reads an image once per version (path, mtime, size) through the caller, staging nothing', async () => {
    const file = join(dir, 'notice.png');
    await textPng(file, 'Meeting on June 20 in room 42');
    const { call, calls } = realCaller();
    const read = createImageTextReader(call, { available: () => true });
    const first = await read(file);
    expect(first.ok && first.text).toMatch(/June 20/);
    expect(first.ok && first.text).toMatch(/room 42/);
    expect(await read(file)).toEqual(first);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.name).toBe('image.readText');
    // The workspace the API got can read that one file and write nothing.
    const staging = calls[0]!.options.staging!;
    await expect(staging.stageFile(join(dir, 'x.png'), 'other')).rejects.toThrow(/stages nothing/);
    await expect(staging.readPath(join(dir, 'other.png'))).rejects.toThrow(/not the file being read/);
    // A changed file is read again.
    await textPng(file, 'Meeting on July 3 in room 7');
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    const second = await read(file);
    expect(second.ok && second.text).toMatch(/July 3/);
    expect(calls).toHaveLength(2);
  }, 60_000);

  it('says why when it cannot read: missing API, missing file, time limit, not an image', async () => {
    const { call } = realCaller();
    const file = join(dir, 'late.png');
    await textPng(file, 'Slow text');
    expect(await createImageTextReader(call, { available: () => false })(file)).toEqual({ ok: false, reason: 'image.readText is not installed' });
    expect(await createImageTextReader(call, { available: () => true })(join(dir, 'none.png'))).toEqual({ ok: false, reason: 'the file does not exist' });
    expect(await createImageTextReader(call, { available: () => true, timeoutMs: 1 })(file)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^OCR took longer than/),
    });
    const fake = join(dir, 'fake.png');
    await writeFile(fake, 'not a picture');
    const bad = await createImageTextReader(call, { available: () => true })(fake);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toMatch(/^INVALID_FILE/);
  }, 60_000);

  it('a read-only workspace refuses every write', async () => {
    const ws = readOnlyFile('/a/b.png');
    expect(await ws.readPath('/a/b.png')).toBe('/a/b.png');
    await expect(ws.stageDelete('/a/b.png')).rejects.toThrow(/stages nothing/);
    expect(ws.entries()).toEqual([]);
  });
});
