import { describe, expect, it } from 'vitest';
import { assertNoDtd, assertPartProlog, inspectOfficePackage, PROLOG_LIMIT, prologState, zipEntries } from './office-guard';

// The sdk uses no Node API, so these tests build packages with stored (uncompressed) entries by hand and
// inflate nothing; the deflated path is covered in test/integration/office-guard.test.ts.
function storedZip(files: Record<string, Uint8Array | string>): Uint8Array {
  const enc = new TextEncoder();
  const local: number[] = [];
  const central: number[] = [];
  const u16 = (a: number[], v: number) => a.push(v & 0xff, (v >>> 8) & 0xff);
  const u32 = (a: number[], v: number) => a.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  let count = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? enc.encode(content) : content;
    const nameBytes = enc.encode(name);
    const offset = local.length;
    u32(local, 0x04034b50);
    u16(local, 20);
    u16(local, 0);
    u16(local, 0);
    u32(local, 0);
    u32(local, 0);
    u32(local, data.length);
    u32(local, data.length);
    u16(local, nameBytes.length);
    u16(local, 0);
    local.push(...nameBytes, ...data);
    u32(central, 0x02014b50);
    u16(central, 20);
    u16(central, 20);
    u16(central, 0);
    u16(central, 0);
    u32(central, 0);
    u32(central, 0);
    u32(central, data.length);
    u32(central, data.length);
    u16(central, nameBytes.length);
    u16(central, 0);
    u16(central, 0);
    u16(central, 0);
    u16(central, 0);
    u32(central, 0);
    u32(central, offset);
    central.push(...nameBytes);
    count++;
  }
  const end: number[] = [];
  u32(end, 0x06054b50);
  u16(end, 0);
  u16(end, 0);
  u16(end, count);
  u16(end, count);
  u32(end, central.length);
  u32(end, local.length);
  u16(end, 0);
  return Uint8Array.from([...local, ...central, ...end]);
}

const noInflate = (): Uint8Array => {
  throw new Error('stored entries are not inflated');
};
const docx = (document: string | Uint8Array) => storedZip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': document });

describe('office guard: the whole prolog (issue 18: the DTD guard read only the first 2 KB)', () => {
  it.each([
    ['whitespace', ' '.repeat(4096)],
    ['comments', '<!-- padding -->'.repeat(300)],
    ['processing instructions', '<?pad x?>'.repeat(500)],
    ['a comment that itself holds 3 KB', `<!--${'x'.repeat(3000)}-->`],
  ])('refuses a DOCTYPE behind more than 2 KB of %s', (_name, padding) => {
    const bytes = docx(`<?xml version="1.0"?>${padding}<!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>`);
    expect(() => inspectOfficePackage(bytes, 'docx', 'f.docx', noInflate)).toThrow(/f\.docx \(word\/document\.xml\) declares a DTD/);
  });

  it('refuses a DOCTYPE behind a long prolog in UTF-16', () => {
    const text = `\ufeff<?xml version="1.0" encoding="UTF-16"?>${' '.repeat(3000)}<!DOCTYPE d><d/>`;
    const bytes = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) [bytes[2 * i], bytes[2 * i + 1]] = [text.charCodeAt(i) & 0xff, text.charCodeAt(i) >> 8];
    expect(() => inspectOfficePackage(docx(bytes), 'docx', 'f', noInflate)).toThrow('declares a DTD');
  });

  it('refuses a prolog longer than the bound, and accepts a long but clean prolog and ordinary parts', () => {
    expect(() => inspectOfficePackage(docx(`${' '.repeat(PROLOG_LIMIT + 10)}<d/>`), 'docx', 'f', noInflate)).toThrow(
      `more than ${PROLOG_LIMIT} bytes before its root element`,
    );
    expect(() =>
      inspectOfficePackage(docx(`<?xml version="1.0"?>${'<!-- c -->'.repeat(1000)}<d>${'<p/>'.repeat(5000)}</d>`), 'docx', 'f', noInflate),
    ).not.toThrow();
    expect(() => inspectOfficePackage(docx('\ufeff<?xml version="1.0"?>\r\n<w:document/>'), 'docx', 'f', noInflate)).not.toThrow();
  });

  it('reads the prolog state the same way for strings', () => {
    expect(prologState('<?xml?><!-- a --><root>')).toBe('root');
    expect(prologState('<?xml?>   <!-- a -->  <!DOCTYPE x>')).toBe('dtd');
    expect(prologState('<?xml?><!-- unfinished')).toBe('more');
    expect(prologState('<?xml?><!-')).toBe('more');
    expect(() => assertNoDtd(`${' '.repeat(5000)}<!ENTITY x "y">`, 'x')).toThrow('DTD');
    const [entry] = zipEntries(docx('<d/>'), 'f').filter((e) => e.name === 'word/document.xml');
    expect(() => assertPartProlog(docx('<d/>'), entry!, noInflate, 'f')).not.toThrow();
  });
});
