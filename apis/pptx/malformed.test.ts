import { mkdtemp, readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type ApiContext } from '../sdk';
import { apiContext, callApi } from '../../test/helpers/api-runner';
import { makePng, pngHeaderOnly } from '../../test/helpers/png';
import { readRawDeck } from '../../test/helpers/pptx-xml';
import { testStaging } from '../../test/helpers/staging';
import { createDeck } from './create-deck';
import { deleteSlides } from './delete-slides';
import { readDeck } from './read-deck';
import { replaceText } from './replace-text';

// Broken and hostile inputs: each is a clear ApiError and nothing is staged.

let root: string;
let good: Buffer;

async function run(fn: (ctx: ApiContext) => Promise<unknown>): Promise<{ error?: ApiError; staged: number; stagedFiles: string[] }> {
  const staging = await testStaging([root]);
  const ctx = apiContext(staging, [root]);
  try {
    await fn(ctx);
    return { staged: staging.entries().length, stagedFiles: await readdir(join(staging.dir, 'files')) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw new Error(`not an ApiError: ${String(error)}`, { cause: error });
    return { error, staged: staging.entries().length, stagedFiles: await readdir(join(staging.dir, 'files')) };
  }
}

async function expectRefused(name: string, bytes: Buffer | Uint8Array, code: string, message: RegExp): Promise<void> {
  await writeFile(join(root, name), bytes);
  for (const call of [
    (ctx: ApiContext) => callApi(readDeck, { path: name }, ctx),
    (ctx: ApiContext) => callApi(replaceText, { path: name, replacements: [{ find: 'a', replace: 'b' }] }, ctx),
  ]) {
    const outcome = await run(call);
    expect(outcome.error?.code, `${name}: ${outcome.error?.message}`).toBe(code);
    expect(outcome.error?.message, name).toMatch(message);
    expect(outcome.staged, name).toBe(0);
    expect(outcome.stagedFiles, name).toEqual([]);
  }
}

async function rezip(mutate: (zip: JSZip) => Promise<void> | void): Promise<Buffer> {
  const zip = await JSZip.loadAsync(good);
  await mutate(zip);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'switchboard-pptx-malformed-'));
  const staging = await testStaging([root]);
  await callApi(
    createDeck,
    {
      path: 'good.pptx',
      slides: [
        { layout: 'title', title: 'alpha deck' },
        { layout: 'bullets', title: 'beta', bullets: ['a one', 'a two'], notes: 'a note' },
        { layout: 'chart', title: 'gamma', chart: { type: 'pie', categories: ['a', 'b'], series: [{ name: 's', values: [1, 2] }] } },
        { layout: 'table', title: 'delta', rows: [['a', 1]] },
      ],
    },
    apiContext(staging, [root]),
  );
  good = await readFile(staging.entries()[0]!.stagedPath!);
});

describe('pptx malformed inputs', () => {
  it('a truncated zip', () => expectRefused('truncated.pptx', good.subarray(0, good.length >> 1), 'INVALID_FILE', /damaged zip|not a \.pptx/));
  it('an empty file', () => expectRefused('empty.pptx', Buffer.alloc(0), 'INVALID_FILE', /not a \.pptx/));
  it('random bytes', () => expectRefused('noise.pptx', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)), 'INVALID_FILE', /not a \.pptx/));
  it('a password-protected (encrypted OLE) file', () =>
    expectRefused(
      'secret.pptx',
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]),
      'INVALID_FILE',
      /password-protected/,
    ));
  it('a Word document renamed .pptx (wrong content type)', async () =>
    expectRefused(
      'word.pptx',
      await rezip(async (zip) => {
        const types = await zip.file('[Content_Types].xml')!.async('string');
        zip.file(
          '[Content_Types].xml',
          types.replace(
            'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
            'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
          ),
        );
      }),
      'INVALID_FILE',
      /not a PowerPoint presentation.*Word document/,
    ));
  it('a package without [Content_Types].xml', async () =>
    expectRefused('notypes.pptx', await rezip((zip) => void zip.remove('[Content_Types].xml')), 'INVALID_FILE', /Content_Types/));
  it('a slide the slide list names but the package lacks', async () =>
    expectRefused('missing.pptx', await rezip((zip) => void zip.remove('ppt/slides/slide2.xml')), 'INVALID_FILE', /missing part/));
  it('an XML bomb (entity expansion) is refused before parsing', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">&lol9;</p:presentation>`;
    await expectRefused('bomb.pptx', await rezip((zip) => void zip.file('ppt/presentation.xml', bomb)), 'INVALID_FILE', /DTD or entities/);
  });
  it('a huge XML part is refused by its size, before it is inflated', async () => {
    const huge = await rezip((zip) => void zip.file('ppt/slides/slide1.xml', ' '.repeat(32 * 1024 * 1024)));
    expect(huge.length).toBeLessThan(1024 * 1024);
    await expectRefused('huge-part.pptx', huge, 'TOO_LARGE', /unpacks to 32\.0 MB/);
  });
  it('a part whose declared size lies is still capped while it inflates', async () => {
    const zip = await rezip((z) => void z.file('ppt/slides/slide1.xml', ' '.repeat(32 * 1024 * 1024)));
    // Rewrite the uncompressed size of that entry (local header and central directory) to 100 bytes.
    const name = Buffer.from('ppt/slides/slide1.xml');
    for (let i = zip.indexOf(name); i >= 0; i = zip.indexOf(name, i + 1)) {
      if (zip.readUInt32LE(i - 30) === 0x04034b50) zip.writeUInt32LE(100, i - 30 + 22);
      if (zip.readUInt32LE(i - 46) === 0x02014b50) zip.writeUInt32LE(100, i - 46 + 24);
    }
    await writeFile(join(root, 'liar.pptx'), zip);
    const outcome = await run((ctx) => callApi(readDeck, { path: 'liar.pptx' }, ctx));
    expect(['TOO_LARGE', 'INVALID_FILE']).toContain(outcome.error?.code);
    expect(outcome.staged).toBe(0);
  });
  it('a file over 200 MB is refused by its size without reading it', async () => {
    await writeFile(join(root, 'giant.pptx'), '');
    await truncate(join(root, 'giant.pptx'), 201 * 1024 * 1024);
    const outcome = await run((ctx) => callApi(readDeck, { path: 'giant.pptx' }, ctx));
    expect(outcome.error?.code).toBe('TOO_LARGE');
  });
  it('huge, fake and out-of-reach images', async () => {
    await writeFile(join(root, 'bomb.png'), pngHeaderOnly(30000, 30000));
    await writeFile(join(root, 'big.png'), Buffer.concat([makePng(10, 10, [1, 2, 3]), Buffer.alloc(26 * 1024 * 1024)]));
    await writeFile(join(root, 'fake.png'), 'this is text');
    // Starts with "GIF" but lacks the GIF87a/GIF89a signature: text, not an 11887×27168 image.
    await writeFile(join(root, 'fake.gif'), 'GIF? no... this is text, not a picture');
    const cases: [string, string, RegExp][] = [
      ['bomb.png', 'TOO_LARGE', /30000×30000 pixels/],
      ['big.png', 'TOO_LARGE', /26\.0 MB/],
      ['fake.png', 'INVALID_FILE', /not a PNG, JPEG or GIF/],
      ['fake.gif', 'INVALID_FILE', /fake\.gif is not a PNG, JPEG or GIF image/],
      ['/etc/hostname', 'PERMISSION_DENIED', /outside the granted folders/],
      ['nope.png', 'NOT_FOUND', /does not exist/],
    ];
    for (const [image, code, message] of cases) {
      const outcome = await run((ctx) => callApi(createDeck, { path: `img-${code}.pptx`, slides: [{ layout: 'image', image }] }, ctx));
      expect(outcome.error?.code, image).toBe(code);
      expect(outcome.error?.message, image).toMatch(message);
      expect(outcome.staged).toBe(0);
    }
  });
  it('bad slide numbers are INVALID_ARGUMENTS and stage nothing', async () => {
    await writeFile(join(root, 'ok.pptx'), good);
    const outcome = await run((ctx) => callApi(deleteSlides, { path: 'ok.pptx', slides: [9] }, ctx));
    expect(outcome.error?.code).toBe('INVALID_ARGUMENTS');
    expect(outcome.error?.message).toMatch(/slide 9 does not exist: the deck has 4 slides/);
    expect(outcome.staged).toBe(0);
  });
});

/** mulberry32: a small seeded PRNG, so every fuzz case is reproducible from its number. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('pptx fuzz: 160 corrupted decks', () => {
  it('every one is either read and edited into a sound deck, or refused with a clear ApiError and nothing staged', async () => {
    const tally: Record<string, number> = {};
    for (let n = 0; n < 160; n++) {
      const rand = prng(1000 + n);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
      const kind = pick(['flip', 'truncate', 'drop-part', 'xml-cut', 'xml-garble', 'part-noise', 'doctype', 'rels-garble'] as const);
      let bytes: Buffer;
      const zip = await JSZip.loadAsync(good);
      const parts = Object.values(zip.files)
        .filter((f) => !f.dir)
        .map((f) => f.name);
      const xmlParts = parts.filter((p) => /\.(xml|rels)$/.test(p));
      switch (kind) {
        case 'flip':
          bytes = Buffer.from(good);
          for (let i = 0, k = 1 + Math.floor(rand() * 16); i < k; i++) bytes[Math.floor(rand() * bytes.length)] ^= 1 + Math.floor(rand() * 255);
          break;
        case 'truncate':
          bytes = good.subarray(0, Math.floor(rand() * good.length));
          break;
        case 'drop-part':
          zip.remove(pick(parts));
          bytes = await zip.generateAsync({ type: 'nodebuffer' });
          break;
        case 'part-noise': {
          const part = pick(parts);
          zip.file(part, Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 2000) }, () => Math.floor(rand() * 256))));
          bytes = await zip.generateAsync({ type: 'nodebuffer' });
          break;
        }
        default: {
          const part = pick(kind === 'rels-garble' ? xmlParts.filter((p) => p.endsWith('.rels')) : xmlParts);
          let text = await zip.file(part)!.async('string');
          const at = Math.floor(rand() * text.length);
          if (kind === 'xml-cut') text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 200));
          else if (kind === 'doctype') text = text.replace(/^(<\?xml[^>]*\?>)?/, `$1<!DOCTYPE x [<!ENTITY e "${'x'.repeat(50)}">]>`);
          else
            text =
              text.slice(0, at) +
              pick(['<', '>', '&', '"', '</a:p>', '<p:sp>', 'Id="rId1"', '\u0000', 'Target="../../../../etc/passwd"', 'r:id="rId999"']) +
              text.slice(at);
          zip.file(part, text);
          bytes = await zip.generateAsync({ type: 'nodebuffer' });
        }
      }
      const name = `fuzz-${n}.pptx`;
      await writeFile(join(root, name), bytes);
      // Each call in a run of its own: a failing call must stage nothing.
      const read = await run((ctx) => callApi(readDeck, { path: name }, ctx));
      const replace = await run((ctx) => callApi(replaceText, { path: name, replacements: [{ find: 'a', replace: 'Z' }] }, ctx));
      const edit = await run((ctx) => callApi(deleteSlides, { path: name, slides: [1] }, ctx));
      for (const [what, outcome] of [
        ['read', read],
        ['replace', replace],
        ['delete', edit],
      ] as const) {
        const label = `case ${n} (${kind}) ${what}: ${outcome.error?.message ?? 'ok'}`;
        if (outcome.error) {
          expect(['INVALID_FILE', 'TOO_LARGE', 'INVALID_ARGUMENTS'], label).toContain(outcome.error.code);
          expect(outcome.error.message.length, label).toBeGreaterThan(10);
          expect(outcome.staged, label).toBe(0);
          expect(outcome.stagedFiles, label).toEqual([]);
          tally[`${kind}: refused (${outcome.error.code})`] = (tally[`${kind}: refused (${outcome.error.code})`] ?? 0) + 1;
        } else tally[`${kind}: accepted`] = (tally[`${kind}: accepted`] ?? 0) + 1;
      }
      if (!replace.error) {
        // What we wrote from a damaged-but-readable input is itself a sound package.
        const staging = await testStaging([root]);
        const ctx = apiContext(staging, [root]);
        await callApi(replaceText, { path: name, replacements: [{ find: 'a', replace: 'Z' }] }, ctx);
        const staged = staging.entries()[0]?.stagedPath;
        if (staged) {
          const raw = await readRawDeck(staged);
          expect(raw.slides.length, `case ${n}`).toBeGreaterThan(0);
          await writeFile(join(root, `fuzz-${n}-out.pptx`), await readFile(staged));
          const again = await run((c) => callApi(readDeck, { path: `fuzz-${n}-out.pptx` }, c));
          // Damage in parts the edit never touches passes through as it was; it never gets worse.
          if (!read.error) expect(again.error, `case ${n} (${kind}): our output does not reopen`).toBeUndefined();
        }
      }
    }
    process.stdout.write(`pptx fuzz tally: ${JSON.stringify(tally, null, 1)}\n`);
    expect(Object.keys(tally).some((k) => k.includes('refused'))).toBe(true);
  }, 240_000);
});
