import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxPack } from '../../apis/docx/pack';
import { ApiError } from '../../apis/sdk';
import { readAttachment } from '../../electron/core/documents';
import { apiContext, callApi } from '../helpers/api-harness';
import { writeExampleFiles } from '../helpers/office-fixtures';
import { testStaging } from '../helpers/staging';

// The one Office reader (apis/sdk/ooxml-package.ts) behind the docx pack and the core's document reader:
// the same hostile files are refused the same way through each (the pptx pack and the slide preview have
// their own copies of these cases in apis/pptx/malformed.test.ts and electron/core/preview/pptx-preview.test.ts).

let root: string;
let good: Buffer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'switchboard-ooxml-hostile-'));
  await writeExampleFiles(root);
  good = await readFile(join(root, 'report.docx'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function rezip(mutate: (zip: JSZip) => Promise<void> | void): Promise<Buffer> {
  const zip = await JSZip.loadAsync(good);
  await mutate(zip);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Sets the uncompressed size of `part` in its local header and the central directory to 100 bytes. */
function lie(bytes: Buffer, part: string): Buffer {
  const name = Buffer.from(part);
  for (let i = bytes.indexOf(name); i >= 0; i = bytes.indexOf(name, i + 1)) {
    if (bytes.readUInt32LE(i - 30) === 0x04034b50) bytes.writeUInt32LE(100, i - 30 + 22);
    if (bytes.readUInt32LE(i - 46) === 0x02014b50) bytes.writeUInt32LE(100, i - 46 + 24);
  }
  return bytes;
}

async function refusals(name: string, bytes: Buffer): Promise<{ via: string; code?: string; message?: string; staged: number }[]> {
  await writeFile(join(root, name), bytes);
  const ctx = apiContext(await testStaging([root]));
  const entries: [string, () => Promise<unknown>][] = [
    ['docx.readDocument', () => callApi(docxPack, 'readDocument', { path: name }, ctx)],
    ['docx.replaceText', () => callApi(docxPack, 'replaceText', { path: name, replacements: [{ find: 'Revenue', replace: 'Income' }] }, ctx)],
    ['readAttachment', () => readAttachment(join(root, name))],
  ];
  const out = [];
  for (const [via, call] of entries) {
    const error = await call().then(
      () => undefined,
      (e: unknown) => e,
    );
    if (error !== undefined && !(error instanceof ApiError)) throw new Error(`${via}: not an ApiError`, { cause: error });
    out.push({ via, code: error?.code, message: error?.message, staged: ctx.staging.entries().length });
  }
  return out;
}

describe('hostile Office files through every reader of the one Office reader', () => {
  it('an XML part too big for a DOM is refused by its declared size', async () => {
    const huge = await rezip((zip) => void zip.file('word/document.xml', ' '.repeat(32 * 1024 * 1024)));
    for (const r of await refusals('huge.docx', huge))
      expect(r, r.via).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/unpacks to 32\.0 MB/), staged: 0 });
  }, 120_000);

  it('a part whose declared size lies is capped while it inflates', async () => {
    // The root element comes first: a part that is all prolog is refused earlier, by the guard's prolog bound.
    const liar = lie(await rezip((zip) => void zip.file('word/document.xml', `<w:document>${' '.repeat(32 * 1024 * 1024)}</w:document>`)), 'word/document.xml');
    for (const r of await refusals('liar.docx', liar))
      // Either defence may answer first: the guard's check of the declared sizes or the reader's inflate cap.
      expect(r, r.via).toMatchObject({
        code: 'TOO_LARGE',
        message: expect.stringMatching(/unpacks past 30\.0 MB|inflates past the \d+ bytes its zip header states/),
        staged: 0,
      });
  }, 120_000);

  it('a DTD placed past the first 2 KB of a part is still refused before parsing', async () => {
    const late = await rezip(async (zip) => {
      const xml = await zip.file('word/document.xml')!.async('string');
      zip.file('word/document.xml', xml.replace(/^(<\?xml[^>]*\?>)/, `$1<!--${'x'.repeat(4096)}--><!DOCTYPE w:document [<!ENTITY a "aaaa">]>`));
    });
    for (const r of await refusals('late-dtd.docx', late))
      expect(r, r.via).toMatchObject({ code: 'INVALID_FILE', message: expect.stringMatching(/DTD or entities/), staged: 0 });
  }, 120_000);

  it('a damaged part the reader never parses is still refused by its checksum', async () => {
    const bytes = await rezip((zip) => void zip.file('docProps/extra.xml', `<x>${'abcdefgh'.repeat(4096)}</x>`, { compression: 'STORE' }));
    const at = bytes.indexOf(Buffer.from('abcdefgh'.repeat(8)));
    bytes[at + 100] = 0x5a;
    for (const r of await refusals('flipped.docx', bytes))
      expect(r, r.via).toMatchObject({ code: 'INVALID_FILE', message: expect.stringMatching(/checksum/), staged: 0 });
  }, 120_000);
});
