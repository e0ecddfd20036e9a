import { copyFile, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { powerpointStyleDeck } from '../../test/fixtures/pptx/powerpoint-style';
import { apiContext, callApi } from '../../test/helpers/api-runner';
import { readRawDeck } from '../../test/helpers/pptx-xml';
import { officeToPdfText, officeToolsOrSkip } from '../../test/helpers/soffice';
import { testStaging } from '../../test/helpers/staging';
import { addSlides } from './add-slides';
import { deleteSlides } from './delete-slides';
import { duplicateSlide } from './duplicate-slide';
import { insertSlide } from './insert-slide';
import { readDeck } from './read-deck';
import { reorderSlides } from './reorder-slides';
import { replaceText } from './replace-text';
import { setTheme } from './set-theme';

// Decks pptxgenjs did not make, read and edited, then opened by LibreOffice: a hand-written PowerPoint-style
// deck, the same deck re-saved by LibreOffice, a deck LibreOffice Impress wrote itself, and any .pptx in the
// shared bench corpus (../shared/bench/office, read in place, never copied into the repository).
const tools = await officeToolsOrSkip('pptx round trip');
const run = promisify(execFile);
const here = fileURLToPath(new URL('.', import.meta.url));
const BENCH = process.env.SWITCHBOARD_OFFICE_BENCH ?? resolve(here, '../../../shared/bench/office');

async function findPptx(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await findPptx(full)));
    else if (/\.pptx$/i.test(e.name)) out.push(full);
  }
  return out.sort();
}

interface Case {
  name: string;
  input: string;
  titles?: string[];
}

describe.skipIf(!tools)('pptx round trip on decks from other writers', () => {
  let root: string;
  const cases: Case[] = [];
  const edited = new Map<string, string>();
  const before = new Map<string, Awaited<ReturnType<typeof readDeck.run>>>();
  let pdf: Map<string, { pages: string[]; fonts: string }>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'switchboard-pptx-roundtrip-'));
    await mkdir(join(root, 'lo'));
    await mkdir(join(root, 'out'));
    await writeFile(join(root, 'hand.pptx'), await powerpointStyleDeck());
    await copyFile(join(here, '../../test/fixtures/pptx/impress.fodp'), join(root, 'impress.fodp'));
    await run(
      'soffice',
      [
        `-env:UserInstallation=file://${root}/profile`,
        '--headless',
        '--convert-to',
        'pptx',
        '--outdir',
        join(root, 'lo'),
        join(root, 'hand.pptx'),
        join(root, 'impress.fodp'),
      ],
      { timeout: 180_000 },
    );
    cases.push(
      { name: 'hand', input: join(root, 'hand.pptx'), titles: ['Annual Plan 2027', 'Goals', 'Team', 'Compare'] },
      { name: 'lo-hand', input: join(root, 'lo', 'hand.pptx'), titles: ['Annual Plan 2027', 'Goals', 'Team', 'Compare'] },
      { name: 'impress', input: join(root, 'lo', 'impress.pptx'), titles: ['Field Report', 'Observations', 'Measurements', 'Next Steps'] },
    );
    for (const file of await findPptx(BENCH)) cases.push({ name: `bench-${cases.length}`, input: file });
    for (const c of cases) {
      const staging = await testStaging([root, resolve(c.input, '..')]);
      const ctx = apiContext(staging, [root]);
      before.set(c.name, await callApi(readDeck, { path: c.input }, ctx));
      const count = before.get(c.name)!.slideCount;
      // The input stays untouched (it may be in the read-only shared corpus): edits stage under out/.
      const target = join(root, 'out', `${c.name}.pptx`);
      await copyFile(c.input, target);
      await callApi(
        replaceText,
        {
          path: target,
          replacements: [
            { find: 'Grow market', replace: 'Double' },
            { find: '{{count}}', replace: 'twelve' },
          ],
        },
        ctx,
      );
      await callApi(
        insertSlide,
        {
          path: target,
          layout: 'bullets',
          position: 2,
          title: 'Inserted From Layout',
          bullets: ['first point', { text: 'second level', level: 1 }],
          notes: 'inserted notes',
        },
        ctx,
      );
      await callApi(
        addSlides,
        {
          path: target,
          slides: [
            {
              layout: 'chart',
              title: 'Appended Chart',
              chart: { type: 'column', categories: ['Kilo', 'Lima'], series: [{ name: 'S', values: [2, 5] }] },
              notes: 'chart notes',
            },
          ],
        },
        ctx,
      );
      await callApi(duplicateSlide, { path: target, slide: 1 }, ctx);
      if (count >= 2) await callApi(deleteSlides, { path: target, slides: [5] }, ctx);
      await callApi(reorderSlides, { path: target, move: { from: 3, to: 1 } }, ctx);
      await callApi(setTheme, { path: target, colors: { accent1: 'AA3300' }, fonts: { heading: 'DejaVu Serif' } }, ctx);
      const entry = staging.entries().find((e) => e.target === target)!;
      await copyFile(entry.stagedPath!, target);
      edited.set(c.name, target);
    }
    pdf = await officeToPdfText([...edited.values()]);
  }, 300_000);

  it('reads titles, text split across runs, groups, tables and pictures', () => {
    for (const c of cases.filter((x) => x.titles)) {
      const deck = before.get(c.name)!;
      expect(
        deck.slides.map((s) => s.title),
        c.name,
      ).toEqual(c.titles);
    }
    const hand = before.get('hand')!;
    expect(hand.slides[1]!.text).toEqual(['Grow market share by 5%', '  in two regions', 'Hire {{count}} people']);
    expect(hand.slides[2]!.text).toEqual(['Grouped caption', 'Role | Head count', 'Engineers | 14']);
    expect(hand.slides[2]!.objects).toEqual(['picture', 'table']);
    expect(hand.layouts).toEqual(['Title Slide', 'Title and Content', 'Two Content', 'Section Header', 'Blank']);
    expect(before.get('impress')!.slides[1]!.notes).toBe('Mention the drought');
  });

  it('every edited deck still opens in LibreOffice with the edits in place', () => {
    for (const c of cases) {
      const pages = pdf.get(edited.get(c.name)!)?.pages.map((p) => p.replace(/\s+/g, ' '));
      expect(pages, `${c.name}: LibreOffice could not open the edited deck`).toBeDefined();
      const count = before.get(c.name)!.slideCount;
      expect(pages!.length, c.name).toBe(count + 3 - (count >= 2 ? 1 : 0));
      expect(pages![0], c.name).toMatch(/Inserted From Layout.*first point.*second level/);
      expect(pages!.at(-1), c.name).toMatch(/Appended Chart.*Kilo.*Lima/);
      if (c.titles) {
        expect(pages![1], c.name).toContain(c.titles[0]!);
        expect(pages![2], c.name).toContain(c.titles[0]!);
      }
    }
    const hand = pdf.get(edited.get('hand')!)!.pages.join(' ').replace(/\s+/g, ' ');
    expect(hand).toContain('Double share by 5%');
    expect(hand).toContain('Hire twelve people');
  });

  it('keeps the package consistent: notes, sections, formatting, no dangling parts', async () => {
    for (const c of cases) {
      const deck = await readRawDeck(edited.get(c.name)!);
      expect(await deck.notesXml(0), c.name).toContain('inserted notes');
      expect(await deck.notesXml(deck.slides.length - 1), c.name).toContain('chart notes');
      const types = (await deck.part('[Content_Types].xml'))!;
      for (const m of types.matchAll(/PartName="\/([^"]+)"/g)) expect(deck.zip.file(m[1]!), `${c.name}: ${m[1]}`).not.toBeNull();
      const pres = (await deck.part('ppt/presentation.xml'))!;
      const ids = [...(/<p:sldIdLst>([\s\S]*?)<\/p:sldIdLst>/.exec(pres)?.[1] ?? '').matchAll(/id="(\d+)"/g)].map((m) => m[1]);
      for (const m of pres.matchAll(/<p14:sldId id="(\d+)"/g)) expect(ids, `${c.name}: section lists a deleted slide`).toContain(m[1]);
    }
    const hand = await readRawDeck(edited.get('hand')!);
    const goals = hand.slideXml.find((x) => x.includes('Double'))!;
    // The replacement took the first run's (plain) formatting; the bold run it swallowed is gone, the rest stays.
    expect(goals).toMatch(/<a:r><a:rPr lang="en-US" dirty="0"\/><a:t>Double<\/a:t><\/a:r><a:r><a:rPr lang="en-US" b="1" dirty="0"\/><a:t> share<\/a:t>/);
    // The deleted slide (Team) took its picture with it.
    expect(Object.values(hand.zip.files).filter((f) => !f.dir && f.name.startsWith('ppt/media/'))).toEqual([]);
    expect(hand.slideXml.some((x) => x.includes('Grouped caption'))).toBe(false);
    // Goals linked to Team; with Team deleted, the link and its relationship went too.
    expect(goals).toContain('Hire twelve people');
    expect(goals).not.toContain('hlinkClick');
    const goalsPart = hand.slides[hand.slideXml.indexOf(goals)]!;
    const goalsRels = (await hand.part(goalsPart.replace('slides/', 'slides/_rels/') + '.rels'))!;
    expect(goalsRels).not.toMatch(/relationships\/slide"/);
  });
});
