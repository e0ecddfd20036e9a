import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import JSZip from 'jszip';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxPack } from '../../apis/docx/pack';
import { imagePack } from '../../apis/image/pack';
import { pdfPack } from '../../apis/pdf/pack';
import { ApiError, type PackDefinition } from '../../apis/sdk';
import { xlsxPack } from '../../apis/xlsx/pack';
import { readAttachment } from '../../electron/core/documents';
import { apiContext, callApi } from '../helpers/api-harness';
import { hashTree } from '../helpers/executor';
import { makePng, pngHeaderOnly } from '../helpers/png';
import { minimalPdf, serializePdf, writeExampleFiles } from '../helpers/office-fixtures';
import { testStaging } from '../helpers/staging';

// One case per threat and format, written from the attack: a truncated or mislabelled file, a zip bomb by
// ratio, by absolute size and by a header that lies, deep nesting, huge dimensions, encryption. Each is
// handed to the API that would open it; each must be an ApiError with its code and a sentence, nothing may
// be staged, and the granted folder must be byte-for-byte as before.

let root: string;
let good: { xlsx: Buffer; docx: Buffer; png: Buffer; jpeg: Buffer; tiff: Buffer };
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'malformed-files-'));
  await writeExampleFiles(root);
  const png = makePng(64, 48, [200, 40, 40]);
  good = {
    xlsx: await readFile(join(root, 'sales.xlsx')),
    docx: await readFile(join(root, 'report.docx')),
    png,
    jpeg: await sharp(png).jpeg().toBuffer(),
    tiff: await sharp(png).tiff().toBuffer(),
  };
});
afterAll(async () => rm(root, { recursive: true, force: true }));

/** A zip of `files`, deflated by zlib (JSZip's JavaScript deflate takes a minute over hundreds of megabytes). */
function zipOf(files: [string, Buffer][]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  const packedOnce = new Map<Buffer, Buffer>();
  let offset = 0;
  for (const [name, data] of files) {
    const packed = packedOnce.get(data) ?? deflateRawSync(data);
    packedOnce.set(data, packed);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(8, 8);
    head.writeUInt32LE(crc32(data) >>> 0, 14);
    head.writeUInt32LE(packed.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(Buffer.byteLength(name), 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    head.copy(dir, 16, 14, 26);
    dir.writeUInt16LE(Buffer.byteLength(name), 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(head, Buffer.from(name), packed);
    central.push(dir, Buffer.from(name));
    offset += 30 + Buffer.byteLength(name) + packed.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** `bytes` (a zip) with `edit` applied to its files by name. */
async function rezip(bytes: Buffer, edit: (files: Map<string, Buffer>) => void | Promise<void>): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  const files = new Map<string, Buffer>();
  for (const entry of Object.values(zip.files)) if (!entry.dir) files.set(entry.name, await entry.async('nodebuffer'));
  await edit(files);
  return zipOf([...files]);
}

/** Rewrites the declared uncompressed size of `name` in its local header and its directory entry. */
function lieAboutSize(bytes: Buffer, name: string, size: number): Buffer {
  const b = Buffer.from(bytes);
  for (let i = 0; i + 46 < b.length; i++) {
    const sig = b.readUInt32LE(i);
    if (sig === 0x04034b50 && b.toString('latin1', i + 30, i + 30 + b.readUInt16LE(i + 26)) === name) b.writeUInt32LE(size, i + 22);
    if (sig === 0x02014b50 && b.toString('latin1', i + 46, i + 46 + b.readUInt16LE(i + 28)) === name) b.writeUInt32LE(size, i + 24);
  }
  return b;
}

function ole(): Buffer {
  const b = Buffer.alloc(2048);
  b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  b.write('EncryptedPackage', 64, 'utf16le');
  return b;
}

/** Sets the encrypted flag of every entry (the bytes stay plain: the flag alone must stop a reader). */
function zipCryptFlag(bytes: Buffer): Buffer {
  const b = Buffer.from(bytes);
  for (let i = 0; i + 46 < b.length; i++) {
    const sig = b.readUInt32LE(i);
    if (sig === 0x04034b50) b.writeUInt16LE(b.readUInt16LE(i + 6) | 1, i + 6);
    if (sig === 0x02014b50) b.writeUInt16LE(b.readUInt16LE(i + 8) | 1, i + 8);
  }
  return b;
}

/** A JPEG whose frame header claims `w`×`h` (the scan is a stub). */
function jpegClaiming(w: number, h: number): Buffer {
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, h >> 8, h & 255, w >> 8, w & 255, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), sof, Buffer.from([0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0, 0, 0xff, 0xd9])]);
}

/** A little-endian TIFF whose one IFD claims `w`×`h`, 8-bit grey, with a strip that is not there. */
function tiffClaiming(w: number, h: number): Buffer {
  const tags: [number, number, number][] = [
    [256, 4, w],
    [257, 4, h],
    [258, 3, 8],
    [259, 3, 1],
    [262, 3, 1],
    [273, 4, 4096],
    [277, 3, 1],
    [278, 4, h],
    [279, 4, w * h],
  ];
  const b = Buffer.alloc(8 + 2 + tags.length * 12 + 4);
  b.write('II', 0, 'latin1');
  b.writeUInt16LE(42, 2);
  b.writeUInt32LE(8, 4);
  b.writeUInt16LE(tags.length, 8);
  tags.forEach(([tag, type, value], i) => {
    const at = 10 + i * 12;
    b.writeUInt16LE(tag, at);
    b.writeUInt16LE(type, at + 2);
    b.writeUInt32LE(1, at + 4);
    if (type === 3) b.writeUInt16LE(value, at + 8);
    else b.writeUInt32LE(value, at + 8);
  });
  return b;
}

/** A PDF whose page content nests `depth` arrays deep inside one dictionary. */
function deepPdf(depth: number): Buffer {
  const objects = minimalPdf(['x']).toString('latin1');
  return Buffer.from(objects.replace('/Type /Catalog', `/Type /Catalog /Deep ${'['.repeat(depth)}${']'.repeat(depth)}`), 'latin1');
}

type Call = [PackDefinition, string, (file: string) => Record<string, unknown>];
const XLSX: Call = [xlsxPack, 'readRange', (path) => ({ path })];
const XLSX_EDIT: Call = [xlsxPack, 'writeCells', (path) => ({ path, cells: { A1: 'x' } })];
const DOCX: Call = [docxPack, 'readDocument', (path) => ({ path })];
const DOCX_EDIT: Call = [docxPack, 'replaceText', (path) => ({ path, replacements: [{ find: 'Revenue', replace: 'Income' }] })];
const TO_PDF: Call = [pdfPack, 'fromDocument', (path) => ({ path, output: 'out.pdf' })];
const IMG_INFO: Call = [imagePack, 'info', (path) => ({ path })];
const IMG_RESIZE: Call = [imagePack, 'resize', (path) => ({ path, width: 10, output: 'small.png' })];
const PDF_INFO: Call = [pdfPack, 'info', (path) => ({ path })];
const PDF_SPLIT: Call = [pdfPack, 'split', (path) => ({ path, outDir: 'parts' })];

interface Case {
  threat: string;
  file: string;
  bytes: () => Promise<Buffer> | Buffer;
  calls: Call[];
  code: string;
  message: RegExp;
  /** Also given as an attachment to the attachment reader. */
  attach?: boolean;
}

const BIG = 20 * 1024 * 1024;
const CASES: Case[] = [
  // xlsx
  {
    threat: 'xlsx cut in half',
    file: 'cut.xlsx',
    bytes: () => good.xlsx.subarray(0, good.xlsx.length >> 1),
    calls: [XLSX, XLSX_EDIT],
    code: 'INVALID_FILE',
    message: /truncated|corrupt/,
    attach: true,
  },
  {
    threat: 'xlsx with a PNG inside (wrong magic)',
    file: 'picture.xlsx',
    bytes: () => good.png,
    calls: [XLSX, XLSX_EDIT],
    code: 'INVALID_FILE',
    message: /not a zip/,
    attach: true,
  },
  {
    threat: 'xlsx that is an encrypted OLE container',
    file: 'locked.xlsx',
    bytes: ole,
    calls: [XLSX, XLSX_EDIT],
    code: 'INVALID_FILE',
    message: /password-protected/,
    attach: true,
  },
  {
    threat: 'xlsx whose zip entries are flagged encrypted',
    file: 'zipcrypt.xlsx',
    bytes: () => zipCryptFlag(good.xlsx),
    calls: [XLSX],
    code: 'INVALID_FILE',
    message: /password-protected \(zip entry/,
  },
  {
    threat: 'xlsx zip bomb by ratio (20 MB of zeros in one part)',
    file: 'ratio.xlsx',
    bytes: () => rezip(good.xlsx, (f) => void f.set('xl/media/pad.bin', Buffer.alloc(BIG))),
    calls: [XLSX, XLSX_EDIT],
    code: 'TOO_LARGE',
    message: /zip bomb: xl\/media\/pad\.bin inflates \d+ times/,
    attach: true,
  },
  {
    threat: 'xlsx zip bomb by absolute size (600 parts of 1 MB, each under the ratio rule)',
    file: 'many.xlsx',
    bytes: () =>
      rezip(good.xlsx, (f) => {
        const mb = Buffer.alloc(1024 * 1024 - 1);
        for (let i = 0; i < 600; i++) f.set(`xl/media/p${i}.bin`, mb);
      }),
    calls: [XLSX],
    code: 'TOO_LARGE',
    message: /inflates to more than 536870912 bytes/,
    attach: true,
  },
  {
    threat: 'xlsx whose sheet lies about its size (declares 4 KB, inflates to 64 MB)',
    file: 'liar.xlsx',
    bytes: async () =>
      lieAboutSize(
        await rezip(
          good.xlsx,
          (f) => void f.set('xl/worksheets/sheet1.xml', Buffer.concat([f.get('xl/worksheets/sheet1.xml')!, Buffer.alloc(64 * 1024 * 1024, 0x20)])),
        ),
        'xl/worksheets/sheet1.xml',
        4096,
      ),
    calls: [XLSX, XLSX_EDIT],
    code: 'TOO_LARGE',
    message: /inflates past the 4096 bytes its zip header states/,
    attach: true,
  },
  {
    threat: 'xlsx with a workbook.xml that is not XML',
    file: 'garbled.xlsx',
    bytes: () => rezip(good.xlsx, (f) => void f.set('xl/workbook.xml', Buffer.from('<workbook><sheets><sheet name="a"'))),
    calls: [XLSX],
    code: 'INVALID_FILE',
    message: /could not be read|not a readable|XML/i,
  },
  {
    threat: 'xlsx with an entity bomb in a sheet',
    file: 'laughs.xlsx',
    bytes: () =>
      rezip(
        good.xlsx,
        (f) =>
          void f.set(
            'xl/worksheets/sheet1.xml',
            Buffer.from('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet>&b;</worksheet>'),
          ),
      ),
    calls: [XLSX, XLSX_EDIT],
    code: 'INVALID_FILE',
    message: /declares a DTD/,
    attach: true,
  },
  {
    threat: 'xlsx over 200 MB',
    file: 'huge.xlsx',
    bytes: () => Buffer.concat([good.xlsx, Buffer.alloc(201 * 1024 * 1024)]),
    calls: [XLSX],
    code: 'TOO_LARGE',
    message: /bytes; the limit is 209715200/,
  },
  // docx
  {
    threat: 'docx cut short by 40 bytes (no end record)',
    file: 'cut.docx',
    bytes: () => good.docx.subarray(0, good.docx.length - 40),
    calls: [DOCX, DOCX_EDIT],
    code: 'INVALID_FILE',
    message: /truncated|corrupt/,
    attach: true,
  },
  {
    threat: 'docx that is plain text (wrong magic)',
    file: 'text.docx',
    bytes: () => Buffer.from('Dear Sir, this is not a Word file at all.\n'),
    calls: [DOCX, DOCX_EDIT],
    code: 'INVALID_FILE',
    message: /not a zip/,
    attach: true,
  },
  {
    threat: 'docx that is an encrypted OLE container',
    file: 'locked.docx',
    bytes: ole,
    calls: [DOCX, DOCX_EDIT, TO_PDF],
    code: 'INVALID_FILE',
    message: /password-protected/,
    attach: true,
  },
  {
    threat: 'docx that is really an xlsx',
    file: 'sheet.docx',
    bytes: () => good.xlsx,
    calls: [DOCX, TO_PDF],
    code: 'INVALID_FILE',
    message: /is a xlsx file, not a docx/,
  },
  {
    threat: 'docx zip bomb by ratio',
    file: 'ratio.docx',
    bytes: () => rezip(good.docx, (f) => void f.set('word/media/pad.bin', Buffer.alloc(BIG))),
    calls: [DOCX, DOCX_EDIT, TO_PDF],
    code: 'TOO_LARGE',
    message: /zip bomb/,
    attach: true,
  },
  {
    threat: 'docx zip bomb by absolute size of one part',
    file: 'bigpart.docx',
    bytes: () => lieAboutSize(good.docx, 'word/styles.xml', 200 * 1024 * 1024),
    calls: [DOCX],
    code: 'TOO_LARGE',
    message: /word\/styles\.xml (inflates to 209715200 bytes|unpacks to 200\.0 MB); the limit/,
  },
  {
    threat: 'docx whose document.xml lies about its size (declares 2 KB, inflates to 300 MB)',
    file: 'liar.docx',
    bytes: async () =>
      lieAboutSize(
        await rezip(good.docx, (f) => void f.set('word/document.xml', Buffer.concat([f.get('word/document.xml')!, Buffer.alloc(300 * 1024 * 1024, 0x20)]))),
        'word/document.xml',
        2048,
      ),
    calls: [DOCX, DOCX_EDIT, TO_PDF],
    code: 'TOO_LARGE',
    message: /inflates past the 2048 bytes/,
    attach: true,
  },
  {
    threat: 'docx with an external entity (file:///etc/passwd)',
    file: 'xxe.docx',
    bytes: () =>
      rezip(
        good.docx,
        (f) =>
          void f.set(
            'word/document.xml',
            Buffer.from('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document>&x;</w:document>'),
          ),
      ),
    calls: [DOCX, DOCX_EDIT, TO_PDF],
    code: 'INVALID_FILE',
    message: /declares a DTD/,
    attach: true,
  },
  {
    threat: 'docx without [Content_Types].xml',
    file: 'notypes.docx',
    bytes: () => rezip(good.docx, (f) => void f.delete('[Content_Types].xml')),
    calls: [DOCX, TO_PDF],
    code: 'INVALID_FILE',
    message: /not an Office package/,
  },
  // images
  {
    threat: 'PNG cut after its header',
    file: 'cut.png',
    bytes: () => good.png.subarray(0, 40),
    calls: [IMG_RESIZE],
    code: 'INVALID_FILE',
    message: /not a readable image|cut short|damaged/,
  },
  {
    threat: 'PNG that is a text file (wrong magic)',
    file: 'fake.png',
    bytes: () => Buffer.from('Just words pretending to be a picture, nothing more.'),
    calls: [IMG_INFO, IMG_RESIZE],
    code: 'INVALID_FILE',
    message: /not a readable image|unknown format|unsupported/,
  },
  {
    threat: 'PNG claiming 100,000×100,000 pixels (decompression bomb)',
    file: 'bomb.png',
    bytes: () => pngHeaderOnly(100_000, 100_000),
    calls: [IMG_INFO, IMG_RESIZE],
    code: 'TOO_LARGE',
    message: /megapixels/,
  },
  {
    threat: 'JPEG claiming 65,000×65,000 pixels',
    file: 'bomb.jpg',
    bytes: () => jpegClaiming(65_000, 65_000),
    calls: [IMG_RESIZE],
    code: 'TOO_LARGE',
    message: /megapixels/,
  },
  {
    threat: 'JPEG cut in half',
    file: 'cut.jpg',
    bytes: () => good.jpeg.subarray(0, good.jpeg.length >> 1),
    calls: [IMG_RESIZE],
    code: 'INVALID_FILE',
    message: /not a readable image|cut short|damaged/,
  },
  {
    threat: 'JPEG with its start marker zeroed (wrong magic)',
    file: 'nomagic.jpg',
    bytes: () => Buffer.concat([Buffer.alloc(2), good.jpeg.subarray(2)]),
    calls: [IMG_INFO, IMG_RESIZE],
    code: 'INVALID_FILE',
    message: /not a readable image|unknown format|unsupported/,
  },
  {
    threat: 'TIFF claiming 60,000×60,000 pixels',
    file: 'bomb.tiff',
    bytes: () => tiffClaiming(60_000, 60_000),
    calls: [IMG_RESIZE],
    code: 'TOO_LARGE',
    message: /megapixels/,
  },
  {
    threat: 'TIFF cut in half',
    file: 'cut.tiff',
    bytes: () => good.tiff.subarray(0, good.tiff.length >> 1),
    calls: [IMG_RESIZE],
    code: 'INVALID_FILE',
    message: /not a readable image|cut short|damaged/,
  },
  {
    threat: 'TIFF with a byte-order mark that is neither II nor MM',
    file: 'order.tiff',
    bytes: () => Buffer.concat([Buffer.from('XX'), good.tiff.subarray(2)]),
    calls: [IMG_RESIZE],
    code: 'INVALID_FILE',
    message: /not a readable image|unknown format|unsupported/,
  },
  // pdf
  {
    threat: 'PDF with 100,000 nested arrays',
    file: 'deep.pdf',
    bytes: () => deepPdf(100_000),
    calls: [PDF_INFO, PDF_SPLIT],
    code: 'INVALID_FILE',
    message: /nest|deep|damaged|could not|readable/i,
  },
  {
    threat: 'PDF that is a PNG (wrong magic)',
    file: 'png.pdf',
    bytes: () => good.png,
    calls: [PDF_INFO, PDF_SPLIT],
    code: 'INVALID_FILE',
    message: /not a PDF/,
  },
  {
    threat: 'PDF whose page claims to be 10 million points wide',
    file: 'wide.pdf',
    bytes: () =>
      Buffer.from(
        minimalPdf(['x'])
          .toString('latin1')
          .replace(/\/MediaBox \[[^\]]*\]/, '/MediaBox [0 0 10000000 10000000]'),
        'latin1',
      ),
    calls: [[pdfPack, 'toImages', (path) => ({ path, outDir: 'pages' })]],
    code: 'TOO_LARGE',
    message: /pixels|too large|page/i,
  },
  {
    threat: 'PDF whose xref points past the end',
    file: 'xref.pdf',
    bytes: () =>
      serializePdf([
        '',
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        '<< /Type /Page /Parent 2 0 R /Contents 9 0 R >>',
      ]).subarray(0, 120),
    calls: [PDF_INFO, PDF_SPLIT],
    code: 'INVALID_FILE',
    message: /truncated|damaged|no readable pages|could not/i,
  },
];

async function failure(run: () => Promise<unknown>): Promise<ApiError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw new Error(`not an ApiError: ${(error as Error).stack}`);
  }
  throw new Error('it succeeded');
}

describe('malformed files, one threat each', () => {
  it.each(CASES.map((c) => [c.threat, c] as const))(
    '%s: a clear error, nothing staged, the folder unchanged',
    async (_threat, c) => {
      await writeFile(join(root, c.file), await c.bytes());
      const before = await hashTree(root);
      for (const [pack, verb, args] of c.calls) {
        const ctx = apiContext(await testStaging([root]));
        const error = await failure(() => callApi(pack, verb, args(c.file), ctx));
        expect(error.code, `${pack.name}.${verb}: ${error.message}`).toBe(c.code);
        expect(error.message, `${pack.name}.${verb}`).toMatch(c.message);
        expect(error.message.split(' ').length, 'a sentence').toBeGreaterThan(4);
        expect(ctx.staging.entries(), `${pack.name}.${verb} staged nothing`).toEqual([]);
      }
      if (c.attach) {
        const error = await failure(() => readAttachment(join(root, c.file)));
        expect(error.code).toBe(c.code);
        expect(error.message).toMatch(c.message);
      }
      expect(await hashTree(root)).toEqual(before);
      await rm(join(root, c.file));
    },
    120_000,
  );
});
