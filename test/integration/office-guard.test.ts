// The sdk's guard uses no Node API itself; these tests need zlib, so they live here (the sdk's lint forbids node:*).
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { assertNoDtd, inspectOfficePackage, OFFICE_LIMITS, zipEntries } from '../../apis/sdk';

const inflate = (d: Uint8Array) => inflateRawSync(d, { finishFlush: constants.Z_SYNC_FLUSH });

async function pkg(files: Record<string, string | Uint8Array>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(files)) zip.file(name, content);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

describe('office guard', () => {
  it('accepts a well-formed package and lists its entries', async () => {
    const bytes = await pkg({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<?xml version="1.0"?><workbook/>' });
    expect(
      inspectOfficePackage(bytes, 'xlsx', 'a.xlsx', inflate)
        .map((e) => e.name)
        .filter((n) => !n.endsWith('/')),
    ).toEqual(['[Content_Types].xml', 'xl/workbook.xml']);
  });

  it('refuses each kind of damage with the reason', async () => {
    const good = await pkg({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<document/>' });
    expect(() => inspectOfficePackage(good, 'xlsx', 'f', inflate)).toThrow('is a docx file, not a xlsx');
    expect(() => zipEntries(new Uint8Array(0), 'f')).toThrow('empty');
    expect(() => zipEntries(good.subarray(0, good.length - 10), 'f')).toThrow(/truncated|corrupt/);
    expect(() => zipEntries(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'f')).toThrow('password-protected');
    expect(() => zipEntries(new TextEncoder().encode('hello world, not a zip at all'), 'f')).toThrow('not a zip');
    const bomb = await pkg({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<d/>', 'big.bin': new Uint8Array(20 * 1024 * 1024) });
    expect(() => inspectOfficePackage(bomb, 'docx', 'f', inflate)).toThrow('zip bomb');
    const dtd = await pkg({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]><d>&a;</d>' });
    expect(() => inspectOfficePackage(dtd, 'docx', 'f', inflate)).toThrow('DTD');
    expect(() => zipEntries(good, 'f', { maxBytes: 10, maxEntries: 10, maxUncompressedBytes: 1e9, maxRatio: 100 })).toThrow('limit');
  });

  it('bounds the absolute inflated size of one part, not only its ratio', async () => {
    // 3 MB of varied XML deflates well under the ratio guard; with a 1 MB part limit it is refused by size.
    const xml = Array.from({ length: 60_000 }, (_, i) => `<w:p><w:t>paragraph ${(i * 7919) % 100_003}</w:t></w:p>`).join('');
    const large = await pkg({ '[Content_Types].xml': '<Types/>', 'word/document.xml': xml });
    expect(() => inspectOfficePackage(large, 'docx', 'f', inflate)).not.toThrow();
    expect(() => zipEntries(large, 'f', { ...OFFICE_LIMITS, maxEntryBytes: 1024 * 1024 })).toThrow(
      /word\/document\.xml inflates to \d+ bytes; the limit for one part is 1048576/,
    );
    // The table's own bounds: no part near V8's largest string, no package past half a gigabyte.
    expect(OFFICE_LIMITS.maxEntryBytes).toBeLessThanOrEqual(128 * 1024 * 1024);
    expect(OFFICE_LIMITS.maxUncompressedBytes).toBeLessThanOrEqual(512 * 1024 * 1024);
  });

  it('finds a DOCTYPE behind a long deflated prolog (issue 18: only the first 2 KB were read)', async () => {
    // Varied comment text deflates to many kilobytes, so the guard must inflate past its first compressed bytes.
    let seed = 7;
    const noise = (n: number) => Array.from({ length: n }, () => String.fromCharCode(97 + ((seed = (seed * 48271) % 2147483647) % 26))).join('');
    const prolog = `<?xml version="1.0"?>${Array.from({ length: 40 }, () => `<!-- ${noise(1000)} -->`).join('\n')}`;
    const hostile = await pkg({ '[Content_Types].xml': '<Types/>', 'word/document.xml': `${prolog}<!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>` });
    expect(() => inspectOfficePackage(hostile, 'docx', 'f', inflate)).toThrow('(word/document.xml) declares a DTD');
    const clean = await pkg({ '[Content_Types].xml': '<Types/>', 'word/document.xml': `${prolog}<d/>` });
    expect(() => inspectOfficePackage(clean, 'docx', 'f', inflate)).not.toThrow();
    const long = await pkg({ '[Content_Types].xml': '<Types/>', 'word/document.xml': `${prolog}${prolog.slice(21)}<d/>` });
    expect(() => inspectOfficePackage(long, 'docx', 'f', inflate)).toThrow('bytes before its root element');
  });

  it('finds a DTD in a deflated prefix cut mid-stream', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE a>${'<p>text</p>'.repeat(10_000)}`;
    const cut = deflateRawSync(Buffer.from(xml)).subarray(0, 64);
    expect(() => assertNoDtd(inflate(cut), 'x')).toThrow('DTD');
    expect(() => assertNoDtd('<?xml version="1.0"?><root/>', 'x')).not.toThrow();
  });
});
