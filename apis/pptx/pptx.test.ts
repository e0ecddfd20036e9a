import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiContext, callApi } from '../../test/helpers/api-runner';
import { makePng } from '../../test/helpers/png';
import { readRawDeck, type RawDeck } from '../../test/helpers/pptx-xml';
import { officeToPdfText, officeToolsOrSkip } from '../../test/helpers/soffice';
import { testStaging } from '../../test/helpers/staging';
import { addSlides } from './add-slides';
import { createDeck } from './create-deck';
import { deleteSlides } from './delete-slides';
import { duplicateSlide } from './duplicate-slide';
import { insertSlide } from './insert-slide';
import { outline } from './outline';
import { readDeck } from './read-deck';
import { reorderSlides } from './reorder-slides';
import { replaceText } from './replace-text';
import { setTheme } from './set-theme';

// Each API writes a deck; a second reader checks it: LibreOffice (PDF, then pdftotext) and the raw slide XML.
// All decks go through ONE LibreOffice start.
const tools = await officeToolsOrSkip('pptx verification');
const run = promisify(execFile);

const SLIDES = [
  { layout: 'title', title: 'Northwind Quarterly', subtitle: 'Prepared for the board' },
  {
    layout: 'bullets',
    title: 'Highlights',
    bullets: ['Revenue grew 12%', { text: 'EMEA strongest', level: 1 }, { text: 'Churn fell', bold: true }],
    notes: 'Open with revenue.',
  },
  {
    layout: 'twoColumn',
    title: 'Risks and Mitigations',
    leftHeading: 'Risks',
    left: ['Supplier delays'],
    rightHeading: 'Mitigations',
    right: ['Second supplier'],
  },
  { layout: 'section', title: 'Regional Detail', subtitle: 'Where growth came from' },
  {
    layout: 'chart',
    title: 'Revenue by Region',
    chart: { type: 'column', categories: ['Alpha', 'Bravo', 'Charlie'], series: [{ name: 'Revenue', values: [42, 31, 55] }] },
  },
  { layout: 'chart', title: 'Monthly Trend', chart: { type: 'line', categories: ['Jan', 'Feb', 'Mar'], series: [{ name: 'Orders', values: [5, 7, 9] }] } },
  { layout: 'chart', title: 'Channel Mix', chart: { type: 'pie', categories: ['Online', 'Retail'], series: [{ name: 'Share', values: [70, 30] }] } },
  { layout: 'chart', title: 'Price versus Volume', chart: { type: 'scatter', series: [{ name: 'Products', values: [10, 20, 15], x: [1, 2, 3] }] } },
  {
    layout: 'table',
    title: 'Top Accounts',
    columns: ['Account', 'Revenue'],
    rows: [
      ['Globex', 950],
      ['Initech', 720],
    ],
  },
  { layout: 'image', title: 'Our Office', image: 'photo.png', caption: 'Lisbon, 2026' },
  { layout: 'quote', quote: 'Simplicity wins', author: 'Ada Lovelace' },
  { layout: 'blank', notes: 'Spare slide.' },
] as const;

describe.skipIf(!tools)('pptx APIs, checked by LibreOffice and the raw XML', () => {
  let root: string;
  const out: Record<string, string> = {};
  let pdf: Map<string, { pages: string[]; fonts: string }>;
  const raw: Record<string, RawDeck> = {};
  const results: Record<string, unknown> = {};

  /** Runs `fn` in a fresh staging over `root` and copies the staged deck to out/<name>.pptx. */
  async function step(name: string, fn: (ctx: ReturnType<typeof apiContext>) => Promise<unknown>): Promise<void> {
    const staging = await testStaging([root]);
    const ctx = apiContext(staging, [root]);
    results[name] = await fn(ctx);
    const entry = staging.entries().find((e) => e.action === 'write');
    if (entry?.stagedPath) {
      out[name] = join(root, 'out', `${name}.pptx`);
      await copyFile(entry.stagedPath, out[name]!);
    }
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'switchboard-pptx-verify-'));
    await run('mkdir', ['-p', join(root, 'out')]);
    await writeFile(join(root, 'photo.png'), makePng(320, 200, [200, 40, 40]));
    await step('created', (ctx) =>
      callApi(createDeck, { path: 'deck.pptx', slides: SLIDES, theme: { preset: 'forest', fonts: { heading: 'DejaVu Serif', body: 'DejaVu Sans' } } }, ctx),
    );
    await copyFile(out.created!, join(root, 'deck.pptx'));
    await step('added', (ctx) =>
      callApi(
        addSlides,
        {
          path: 'deck.pptx',
          position: 2,
          slides: [
            { layout: 'bullets', title: 'Inserted Agenda', bullets: ['Results', 'Outlook'], notes: 'Agenda notes.' },
            { layout: 'chart', title: 'Added Chart', chart: { type: 'bar', categories: ['Xray', 'Yankee'], series: [{ name: 'S', values: [3, 4] }] } },
          ],
        },
        ctx,
      ),
    );
    await step('replaced', (ctx) =>
      callApi(
        replaceText,
        {
          path: 'deck.pptx',
          replacements: [
            { find: 'Churn fell', replace: 'Churn halved' },
            { find: 'Northwind', replace: 'Southwind' },
            { find: 'revenue', replace: 'REVENUE' },
          ],
          matchCase: true,
        },
        ctx,
      ),
    );
    await step('deleted', (ctx) => callApi(deleteSlides, { path: 'deck.pptx', slides: [5, 7] }, ctx));
    await step('duplicated', (ctx) => callApi(duplicateSlide, { path: 'deck.pptx', slide: 2 }, ctx));
    await step('reordered', (ctx) => callApi(reorderSlides, { path: 'deck.pptx', move: { from: 11, to: 1 } }, ctx));
    await step('inserted', (ctx) =>
      callApi(
        insertSlide,
        { path: 'deck.pptx', position: 3, title: 'Layout Slide', bullets: ['From the layout', { text: 'indented', level: 1 }], notes: 'Inserted notes.' },
        ctx,
      ),
    );
    await step('themed', (ctx) =>
      callApi(
        setTheme,
        { path: 'deck.pptx', preset: 'dark', colors: { accent1: '123456' }, fonts: { heading: 'DejaVu Sans Mono', body: 'DejaVu Serif' } },
        ctx,
      ),
    );
    // Composition: three edits in one run land in one staged file, each reading the previous one's output.
    await step('composed', async (ctx) => {
      await callApi(deleteSlides, { path: 'deck.pptx', slides: [1] }, ctx);
      await callApi(duplicateSlide, { path: 'deck.pptx', slide: 1, position: 1 }, ctx);
      return callApi(replaceText, { path: 'deck.pptx', slides: [1], replacements: [{ find: 'Highlights', replace: 'Copy of Highlights' }] }, ctx);
    });
    pdf = await officeToPdfText(Object.values(out));
    for (const [name, file] of Object.entries(out)) raw[name] = await readRawDeck(file);
  }, 240_000);

  const pages = (name: string): string[] => {
    const p = pdf.get(out[name]!)?.pages;
    if (!p) throw new Error(`LibreOffice could not convert ${name}`);
    return p.map((t) => t.replace(/\s+/g, ' '));
  };

  it('createDeck: every layout renders, with notes, charts, table, image and the theme', async () => {
    const p = pages('created');
    expect(p).toHaveLength(SLIDES.length);
    expect(p[0]).toContain('Northwind Quarterly');
    expect(p[0]).toContain('Prepared for the board');
    expect(p[1]).toMatch(/Highlights.*Revenue grew 12%.*EMEA strongest.*Churn fell/);
    expect(p[2]).toMatch(/Risks and Mitigations/);
    expect(p[2]).toContain('Second supplier');
    expect(p[4]).toMatch(/Alpha.*Bravo.*Charlie/);
    expect(p[5]).toMatch(/Jan.*Feb.*Mar/);
    expect(p[6]).toMatch(/Online|Retail/);
    expect(p[7]).toContain('Price versus Volume');
    expect(p[8]).toMatch(/Account Revenue.*Globex 950.*Initech 720/);
    expect(p[9]).toContain('Lisbon, 2026');
    expect(p[10]).toMatch(/Simplicity wins.*Ada Lovelace/);
    const deck = raw.created!;
    expect(deck.slideXml[1]).toMatch(/<a:pPr[^>]*lvl="1"/);
    expect(deck.slideXml[1]).toMatch(/b="1"[^>]*>(?:(?!<\/a:r>).)*<a:t>Churn fell<\/a:t>/);
    expect(await deck.notesXml(1)).toContain('Open with revenue.');
    expect(await deck.notesXml(11)).toContain('Spare slide.');
    const charts = Object.keys(deck.zip.files).filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f));
    const chartXml = (await Promise.all(charts.map((c) => deck.part(c)))).join('');
    for (const kind of ['barChart', 'lineChart', 'pieChart', 'scatterChart']) expect(chartXml).toContain(`<c:${kind}>`);
    expect(deck.slideXml[8]).toContain('<a:tbl>');
    expect(deck.slideXml[9]).toContain('<p:pic>');
    expect(Object.keys(deck.zip.files).some((f) => f.startsWith('ppt/media/'))).toBe(true);
    const theme = (await deck.part('ppt/theme/theme1.xml'))!;
    expect(theme).toMatch(/<a:accent1><a:srgbClr val="2D5016"\/>/);
    expect(theme).toMatch(/<a:majorFont><a:latin typeface="DejaVu Serif"/);
    // Titles use the theme's heading font (+mj-lt), so LibreOffice embeds DejaVu Serif for them.
    expect(pdf.get(out.created!)!.fonts).toContain('DejaVuSerif');
  });

  it('readDeck and outline agree with what LibreOffice renders', async () => {
    const staging = await testStaging([root]);
    const ctx = apiContext(staging, [root]);
    const deck = await callApi(readDeck, { path: 'deck.pptx' }, ctx);
    const p = pages('created');
    expect(deck.slideCount).toBe(p.length);
    expect(deck.width).toBe(10);
    expect(deck.height).toBe(5.625);
    for (const slide of deck.slides) if (slide.title) expect(p[slide.number - 1]).toContain(slide.title);
    expect(deck.slides[1]).toMatchObject({ title: 'Highlights', text: ['Revenue grew 12%', '  EMEA strongest', 'Churn fell'], notes: 'Open with revenue.' });
    expect(deck.slides[8]!.text).toEqual(['Account | Revenue', 'Globex | 950', 'Initech | 720']);
    expect(deck.slides[4]!.objects).toEqual(['chart']);
    expect(deck.slides[9]!.objects).toEqual(['picture']);
    expect(deck.theme.fonts).toEqual({ heading: 'DejaVu Serif', body: 'DejaVu Sans' });
    const md = await callApi(outline, { path: 'deck.pptx', includeNotes: true }, ctx);
    expect(md).toContain('## 2. Highlights\n\n- Revenue grew 12%\n  - EMEA strongest\n- Churn fell\n\n> Open with revenue.');
    expect(md).toContain('- [chart]');
    expect(staging.entries()).toEqual([]);
  });

  it('addSlides inserts typed slides at a position, with notes and a chart', async () => {
    const p = pages('added');
    expect(p).toHaveLength(SLIDES.length + 2);
    expect(p[1]).toMatch(/Inserted Agenda.*Results.*Outlook/);
    expect(p[2]).toMatch(/Added Chart.*(Xray.*Yankee|Yankee.*Xray)/);
    expect(p[3]).toContain('Highlights');
    expect(results.added).toEqual({ slideCount: SLIDES.length + 2, added: [2, 3] });
    const deck = raw.added!;
    expect(await deck.notesXml(1)).toContain('Agenda notes.');
    expect(await deck.notesXml(3)).toContain('Open with revenue.');
  });

  it('replaceText keeps the run formatting and counts per slide', async () => {
    const p = pages('replaced');
    expect(p[0]).toContain('Southwind Quarterly');
    expect(p[1]).toContain('Churn halved');
    expect(p.join(' ')).not.toContain('Northwind');
    expect(results.replaced).toMatchObject({
      replaced: 3,
      slides: [
        { number: 1, count: 1 },
        { number: 2, count: 2 },
      ],
    });
    const deck = raw.replaced!;
    expect(deck.slideXml[1]).toMatch(/b="1"[^>]*>(?:(?!<\/a:r>).)*<a:t>Churn halved<\/a:t>/);
    expect(await deck.notesXml(1)).toContain('Open with REVENUE.');
  });

  it('deleteSlides removes slides with their charts and notes, leaving no dangling parts', async () => {
    const p = pages('deleted');
    expect(p).toHaveLength(SLIDES.length - 2);
    expect(p.join(' ')).not.toContain('Revenue by Region');
    expect(p.join(' ')).not.toContain('Channel Mix');
    expect(p[4]).toContain('Monthly Trend');
    const deck = raw.deleted!;
    const charts = Object.keys(deck.zip.files).filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f));
    expect(charts).toHaveLength(2);
    const types = (await deck.part('[Content_Types].xml'))!;
    for (const m of types.matchAll(/PartName="\/([^"]+)"/g)) expect(deck.zip.file(m[1]!), m[1]).not.toBeNull();
  });

  it('duplicateSlide copies content and notes next to the original', async () => {
    const p = pages('duplicated');
    expect(p).toHaveLength(SLIDES.length + 1);
    expect(p[1]).toContain('Highlights');
    expect(p[2]).toContain('Highlights');
    const deck = raw.duplicated!;
    expect(deck.slides[1]).not.toBe(deck.slides[2]);
    expect(await deck.notesXml(2)).toContain('Open with revenue.');
    expect(results.duplicated).toEqual({ newSlide: 3, slideCount: SLIDES.length + 1 });
  });

  it('reorderSlides moves a slide', () => {
    const p = pages('reordered');
    expect(p[0]).toContain('Simplicity wins');
    expect(p[1]).toContain('Northwind Quarterly');
    expect((results.reordered as { order: number[] }).order.slice(0, 3)).toEqual([11, 1, 2]);
  });

  it('insertSlide builds a slide from the deck layout, with notes', async () => {
    const p = pages('inserted');
    expect(p).toHaveLength(SLIDES.length + 1);
    expect(p[2]).toMatch(/Layout Slide.*From the layout.*indented/);
    expect(await raw.inserted!.notesXml(2)).toContain('Inserted notes.');
  });

  it('setTheme changes colours and fonts that LibreOffice then uses', async () => {
    const theme = (await raw.themed!.part('ppt/theme/theme1.xml'))!;
    expect(theme).toMatch(/<a:accent1><a:srgbClr val="123456"\/>/);
    expect(theme).toMatch(/<a:lt1><a:srgbClr val="1E1E1E"\/>/);
    const fonts = pdf.get(out.themed!)!.fonts;
    expect(fonts).toContain('DejaVuSansMono');
    expect(fonts).not.toContain('DejaVuSans-Bold');
  });

  it('edits compose inside one run', () => {
    const p = pages('composed');
    expect(p[0]).toContain('Copy of Highlights');
    expect(p[1]).toContain('Highlights');
    expect(p).toHaveLength(SLIDES.length);
  });
});
