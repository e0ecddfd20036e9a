import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxPack } from '../../apis/docx/pack';
import { ApiError, API_ERROR_CODES, type ApiContext } from '../../apis/sdk';
import { xlsxPack } from '../../apis/xlsx/pack';
import { readAttachment } from '../../electron/core/documents';
import { previewStaged } from '../../electron/core/preview/preview-artifact';
import { apiContext, callApi } from '../helpers/api-harness';
import { writeExampleFiles } from '../helpers/office-fixtures';
import { testStaging } from '../helpers/staging';

let root: string;
let xlsxBytes: Buffer;
let docxBytes: Buffer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'office-malformed-'));
  await writeExampleFiles(root);
  xlsxBytes = await readFile(join(root, 'sales.xlsx'));
  docxBytes = await readFile(join(root, 'report.docx'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Mulberry32: a seeded PRNG, so every corrupted file is reproducible from its index. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function rezip(bytes: Buffer, edit: (zip: JSZip) => void | Promise<void>): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  await edit(zip);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const BOMB = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>`;

/** One corrupted file per seed: truncation, byte flips, zeroed ranges, structural edits, bombs, wrong kinds. */
async function corrupt(base: Buffer, kind: 'xlsx' | 'docx', seed: number): Promise<{ how: string; bytes: Buffer }> {
  const rnd = prng(seed);
  const at = (n: number) => Math.floor(rnd() * n);
  const main = kind === 'xlsx' ? 'xl/workbook.xml' : 'word/document.xml';
  switch (seed % 12) {
    case 0:
      return { how: 'truncated', bytes: base.subarray(0, at(base.length - 1)) };
    case 1: {
      const b = Buffer.from(base);
      for (let i = 0; i < 1 + at(20); i++) b[at(b.length)] ^= 1 + at(255);
      return { how: 'bytes flipped', bytes: b };
    }
    case 2: {
      const b = Buffer.from(base);
      const start = at(b.length);
      b.fill(0, start, Math.min(b.length, start + 1 + at(400)));
      return { how: 'range zeroed', bytes: b };
    }
    case 3: {
      const b = Buffer.from(base);
      const cd = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      for (let i = 0; i < 4; i++) b[cd + at(b.length - cd)] ^= 0xff;
      return { how: 'central directory damaged', bytes: b };
    }
    case 4:
      return { how: 'main part removed', bytes: await rezip(base, (z) => void z.remove(main)) };
    case 5:
      return { how: 'content types removed', bytes: await rezip(base, (z) => void z.remove('[Content_Types].xml')) };
    case 6:
      return {
        how: 'XML bomb',
        bytes: await rezip(base, async (z) => void z.file(main, BOMB + (await z.file(main)!.async('string')).replace(/^<\?xml[^>]*\?>/, ''))),
      };
    case 7:
      return { how: 'main part not XML', bytes: await rezip(base, (z) => void z.file(main, `<unclosed ${'x'.repeat(at(100))}`)) };
    case 8: {
      const ole = Buffer.alloc(512 + at(4096));
      ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
      ole.write('EncryptedPackage', 64, 'utf16le');
      return { how: 'password-protected (OLE)', bytes: ole };
    }
    case 9:
      return { how: 'zip bomb', bytes: await rezip(base, (z) => void z.file('bomb.bin', Buffer.alloc((8 + at(8)) * 1024 * 1024))) };
    case 10:
      return { how: 'random junk', bytes: Buffer.from(Array.from({ length: at(3000) }, () => at(256))) };
    default:
      return { how: 'wrong kind', bytes: kind === 'xlsx' ? docxBytes : xlsxBytes };
  }
}

const CODES = new Set<string>(API_ERROR_CODES);

async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'ok';
  } catch (error) {
    if (!(error instanceof ApiError) || !CODES.has(error.code)) throw new Error(`not an ApiError: ${(error as Error).stack}`);
    expect(error.message.length).toBeGreaterThan(10);
    return error.code;
  }
}

describe('malformed Office files', () => {
  it('a seeded fuzz over 320 corrupted xlsx and docx files: each a clear ApiError or a harmless read, nothing staged on error', async () => {
    const tally: Record<string, number> = {};
    for (let seed = 0; seed < 320; seed++) {
      const kind = seed % 2 === 0 ? 'xlsx' : 'docx';
      const { how, bytes } = await corrupt(kind === 'xlsx' ? xlsxBytes : docxBytes, kind, seed);
      const name = `fuzz-${seed}.${kind}`;
      await writeFile(join(root, name), bytes);
      const ctx: ApiContext = apiContext(await testStaging([root]));
      const edit = await outcome(() =>
        kind === 'xlsx'
          ? callApi(xlsxPack, 'writeCells', { path: name, cells: { A1: 'x' } }, ctx)
          : callApi(docxPack, 'replaceText', { path: name, replacements: [{ find: 'Revenue', replace: 'Income' }] }, ctx),
      );
      if (edit !== 'ok') expect(ctx.staging.entries(), `${name} (${how})`).toEqual([]);
      const read = await outcome(() =>
        kind === 'xlsx' ? callApi(xlsxPack, 'readRange', { path: name }, ctx) : callApi(docxPack, 'readDocument', { path: name }, ctx),
      );
      const attach = await outcome(() => readAttachment(join(root, name)));
      // Structural damage must never slip through as a success.
      if (
        [
          'main part removed',
          'content types removed',
          'XML bomb',
          'password-protected (OLE)',
          'zip bomb',
          'wrong kind',
          'random junk',
          'main part not XML',
        ].includes(how)
      ) {
        expect([edit, read, attach], `${name} (${how})`).not.toContain('ok');
      }
      for (const o of [edit, read, attach]) tally[`${how}: ${o}`] = (tally[`${how}: ${o}`] ?? 0) + 1;
    }
    // OFFICE_FUZZ_TALLY=<file> keeps the outcome counts for reports.
    if (process.env.OFFICE_FUZZ_TALLY) await writeFile(process.env.OFFICE_FUZZ_TALLY, JSON.stringify(tally, null, 1));
    const errors = Object.entries(tally)
      .filter(([k]) => !k.endsWith(': ok'))
      .reduce((n, [, v]) => n + v, 0);
    expect(errors).toBeGreaterThan(600);
  }, 240_000);

  it('names the problem: encrypted, bomb, truncated, wrong kind', async () => {
    const ctx = apiContext(await testStaging([root]));
    const cases: [string, Buffer, string][] = [
      ['enc.xlsx', (await corrupt(xlsxBytes, 'xlsx', 8)).bytes, 'password-protected'],
      ['bomb.xlsx', (await corrupt(xlsxBytes, 'xlsx', 6)).bytes, 'DTD'],
      ['zbomb.xlsx', (await corrupt(xlsxBytes, 'xlsx', 9)).bytes, 'zip bomb'],
      ['cut.xlsx', xlsxBytes.subarray(0, xlsxBytes.length - 30), 'truncated'],
      ['kind.xlsx', docxBytes, 'is a docx file, not a xlsx'],
    ];
    for (const [name, bytes, phrase] of cases) {
      await writeFile(join(root, name), bytes);
      await expect(callApi(xlsxPack, 'describeWorkbook', { path: name }, ctx).catch((e: Error) => e.message)).resolves.toContain(phrase);
    }
    const staged = await ctx.staging.stageFile('p.xlsx', 'xlsx');
    await writeFile(staged, cases[0]![1]);
    await expect(previewStaged(ctx.staging.entries()[0]!)).rejects.toMatchObject({ code: 'INVALID_FILE' });
  });
});
