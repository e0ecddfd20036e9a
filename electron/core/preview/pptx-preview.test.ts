import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';
import JSZip from 'jszip';
import PptxGenJS from 'pptxgenjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { powerpointStyleDeck } from '../../../test/fixtures/pptx/powerpoint-style';
import { makePng } from '../../../test/helpers/png';
import { officeToolsOrSkip } from '../../../test/helpers/soffice';
import { PreviewError, previewPptx } from './pptx-preview';

const tools = await officeToolsOrSkip('pptx preview (LibreOffice path)');

/** Width, height and the first pixel's RGB of a PNG (8-bit RGB/RGBA; the first pixel needs no unfiltering). */
function pngFacts(bytes: Buffer): { width: number; height: number; first: number[] } {
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let i = 8; i < bytes.length; ) {
    const len = bytes.readUInt32BE(i);
    if (bytes.toString('ascii', i + 4, i + 8) === 'IDAT') idat.push(bytes.subarray(i + 8, i + 8 + len));
    i += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  return { width, height, first: [raw[1]!, raw[2]!, raw[3]!] };
}

describe('pptx preview', () => {
  let dir: string;
  let deck: string;
  let hand: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-preview-'));
    const pptx = new PptxGenJS();
    pptx.layout = 'LAYOUT_16x9';
    const s1 = pptx.addSlide();
    s1.background = { color: 'C00000' };
    s1.addText('Preview Title', { x: 0.5, y: 0.3, w: 9, h: 1, fontSize: 32, color: 'FFFFFF', bold: true });
    const s2 = pptx.addSlide();
    s2.addText('Bullet Slide', { x: 0.5, y: 0.3, w: 9, h: 1, fontSize: 28 });
    s2.addText(
      [
        { text: 'first bullet', options: { bullet: true } },
        { text: 'second bullet', options: { bullet: true, indentLevel: 1 } },
      ],
      { x: 0.5, y: 1.4, w: 9, h: 3 },
    );
    const s3 = pptx.addSlide();
    s3.addTable(
      [
        [{ text: 'Cell A' }, { text: 'Cell B' }],
        [{ text: '1' }, { text: '2' }],
      ],
      { x: 0.5, y: 0.5, w: 6 },
    );
    s3.addImage({ data: `image/png;base64,${makePng(40, 30, [0, 128, 0]).toString('base64')}`, x: 7, y: 0.5, w: 2, h: 1.5 });
    const s4 = pptx.addSlide();
    s4.addChart(pptx.ChartType.bar, [{ name: 'Sales', labels: ['North', 'South'], values: [3, 5] }], { x: 0.5, y: 0.5, w: 8, h: 4, barDir: 'col' });
    deck = join(dir, 'deck.pptx');
    await writeFile(deck, (await pptx.write({ outputType: 'nodebuffer' })) as Buffer);
    hand = join(dir, 'hand.pptx');
    await writeFile(hand, await powerpointStyleDeck());
  });

  it.skipIf(!tools)(
    'renders one PNG per slide through LibreOffice',
    async () => {
      const preview = await previewPptx(deck, { outDir: join(dir, 'png-out'), pixelWidth: 480 });
      expect(preview.mode).toBe('png');
      expect(preview.reason).toBeUndefined();
      expect(preview.slides).toHaveLength(4);
      const first = pngFacts(await readFile(preview.slides[0]!.png!));
      expect(first.width).toBe(480);
      expect(Math.abs(first.height - 270)).toBeLessThanOrEqual(1);
      // Slide 1's background is C00000: the top-left pixel is that red.
      expect(first.first[0]).toBeGreaterThan(170);
      expect(first.first[1]).toBeLessThan(40);
      const second = pngFacts(await readFile(preview.slides[1]!.png!));
      expect(second.first).toEqual([255, 255, 255]);
    },
    120_000,
  );

  it('renders SVG from the slide XML when LibreOffice is off, and says so', async () => {
    const preview = await previewPptx(deck, { outDir: join(dir, 'svg-out'), soffice: null });
    expect(preview.mode).toBe('svg');
    expect(preview.reason).toMatch(/LibreOffice/);
    expect(preview.slides).toHaveLength(4);
    expect(preview.width).toBe(9144000);
    expect(preview.height).toBe(5143500);
    const [s1, s2, s3, s4] = preview.slides.map((s) => s.svg!);
    for (const svg of [s1, s2, s3, s4]) {
      const errors: string[] = [];
      new DOMParser({ onError: (level, msg) => void (level !== 'warning' && errors.push(msg)) }).parseFromString(svg!, 'image/svg+xml');
      expect(errors).toEqual([]);
    }
    expect(s1).toContain('fill="#C00000"');
    expect(s1).toMatch(/font-weight="bold"[^>]*>Preview Title<\/tspan>/);
    expect(s2).toMatch(/first bullet/);
    expect(s2).toMatch(/second bullet/);
    expect(s3).toMatch(/Cell A.*Cell B/);
    expect(s3).toContain('href="data:image/png;base64,');
    expect(s4).toMatch(/North.*South/);
    expect(s4).toMatch(/<rect[^>]*fill="#C0504D"/); // the series colour pptxgenjs wrote
  });

  it('places placeholder text where the layout puts it (a PowerPoint-style deck)', async () => {
    const preview = await previewPptx(hand, { outDir: join(dir, 'hand-out'), soffice: null });
    const goals = preview.slides[1]!.svg!;
    expect(goals).toContain('Goals');
    expect(goals).toMatch(/>• Grow <\/tspan><tspan[^>]*font-weight="bold"[^>]*>market share/);
    // Title text lies inside the master's title box (x 838200..11353800, y 365125..1690688).
    const title = /<text x="(\d+)" y="(\d+)"[^>]*><tspan[^>]*>Goals/.exec(goals)!;
    expect(Number(title[1])).toBeGreaterThanOrEqual(838200);
    expect(Number(title[2])).toBeGreaterThan(365125);
    expect(Number(title[2])).toBeLessThan(1690688);
    expect(preview.slides[2]!.svg).toMatch(/<g transform="translate/);
  });

  it('falls back to SVG when a tool is missing', async () => {
    const preview = await previewPptx(deck, { outDir: join(dir, 'missing-out'), soffice: '/nonexistent/soffice' });
    expect(preview.mode).toBe('svg');
    expect(preview.reason).toBe('/nonexistent/soffice is not installed');
  });

  it('refuses broken and hostile files with a PreviewError', async () => {
    const bad = join(dir, 'bad.pptx');
    await writeFile(bad, Buffer.from('not a zip at all'));
    await expect(previewPptx(bad, { outDir: join(dir, 'bad-out'), soffice: null })).rejects.toBeInstanceOf(PreviewError);
    const ole = join(dir, 'ole.pptx');
    await writeFile(ole, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    await expect(previewPptx(ole, { outDir: join(dir, 'ole-out') })).rejects.toThrow(/password-protected/);
  });

  it('refuses zip bombs, entity tricks and lying sizes through the shared Office reader', async () => {
    const good = await readFile(deck);
    const rezip = async (name: string, mutate: (zip: JSZip) => void): Promise<Buffer> => {
      const zip = await JSZip.loadAsync(good);
      mutate(zip);
      const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
      await writeFile(join(dir, name), bytes);
      return bytes;
    };
    const refusal = (name: string): Promise<unknown> =>
      previewPptx(join(dir, name), { outDir: join(dir, `${name}-out`), soffice: null }).then(
        () => 'previewed',
        (error: unknown) => error,
      );
    // A DTD behind a long comment: past the guard's prolog window, still refused before the XML parser expands it.
    const slide = await new JSZip().loadAsync(good).then((z) => z.file('ppt/slides/slide1.xml')!.async('string'));
    const entities = '<!DOCTYPE p:sld [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>';
    await rezip('late-dtd.pptx', (z) => void z.file('ppt/slides/slide1.xml', slide.replace(/^(<\?xml[^>]*\?>)/, `$1<!--${'x'.repeat(4096)}-->${entities}`)));
    expect(await refusal('late-dtd.pptx')).toMatchObject({ name: 'PreviewError', code: 'INVALID_FILE', message: expect.stringMatching(/DTD or entities/) });
    await rezip('huge.pptx', (z) => void z.file('ppt/slides/slide1.xml', ' '.repeat(32 * 1024 * 1024)));
    expect(await refusal('huge.pptx')).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/unpacks to 32\.0 MB/) });
    // Starts with its root element, so the guard's 64 KB prolog bound does not refuse it first: this is about the lying size.
    const liar = await rezip('liar.pptx', (z) => void z.file('ppt/slides/slide1.xml', `<p:sld>${' '.repeat(32 * 1024 * 1024)}`));
    const name = Buffer.from('ppt/slides/slide1.xml');
    for (let i = liar.indexOf(name); i >= 0; i = liar.indexOf(name, i + 1)) {
      if (liar.readUInt32LE(i - 30) === 0x04034b50) liar.writeUInt32LE(100, i - 30 + 22);
      if (liar.readUInt32LE(i - 46) === 0x02014b50) liar.writeUInt32LE(100, i - 46 + 24);
    }
    await writeFile(join(dir, 'liar.pptx'), liar);
    expect(await refusal('liar.pptx')).toMatchObject({
      name: 'PreviewError',
      code: 'TOO_LARGE',
      message: expect.stringMatching(/unpacks past 30\.0 MB|inflates past the 100 bytes its zip header states/),
    });
  });
});
