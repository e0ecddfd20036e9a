import { join } from 'node:path';
import { expect } from 'vitest';
import { promptText } from '../helpers/planner';
import { readPptx, readXlsx, writeDeck, writeOutlineDocx, writeWorkbook } from '../helpers/scenario-files';
import { callsOf } from '../helpers/scenario-core';
import { officeScenarios } from '../helpers/scenario-table';
import { officeToolsOrSkip, officeToPdfText } from '../helpers/soffice';

// Decks from sheets, documents and other decks, through the real selector over every built-in office API.

const SALES = [
  ['Region', 'Product', 'Amount'],
  ['North', 'Widget', 120],
  ['South', 'Gadget', 80],
  ['North', 'Gadget', 45.5],
  ['East', 'Widget', 60],
  ['South', 'Widget', 30],
];

const SALES_DECK = `const data = await xlsx.readRange({ path: attachments[0].handle });
const [header, ...rows] = data.rows;
const amount = header.indexOf('Amount');
const region = header.indexOf('Region');
const byRegion = new Map();
for (const r of rows) byRegion.set(String(r[region]), (byRegion.get(String(r[region])) ?? 0) + Number(r[amount]));
const regions = [...byRegion.keys()].sort();
const total = rows.reduce((s, r) => s + Number(r[amount]), 0);
const best = regions.reduce((a, b) => (byRegion.get(a) >= byRegion.get(b) ? a : b));
const deck = await pptx.createDeck({
  path: 'sales-review.pptx',
  slides: [
    { layout: 'title', title: 'Sales review', subtitle: attachments[0].name },
    { layout: 'bullets', title: 'Highlights', bullets: ['Total sales: ' + total, 'Best region: ' + best, rows.length + ' orders'] },
    { layout: 'chart', title: 'Sales by region', chart: { type: 'bar', categories: regions, series: [{ name: 'Amount', values: regions.map((r) => byRegion.get(r)) }] } },
    { layout: 'table', title: 'Orders', columns: header.map(String), rows: rows },
    { layout: 'bullets', title: 'Next steps', bullets: ['Grow ' + regions[0], 'Review pricing'] },
  ],
});
return { slides: deck.slideCount, total };`;

const OUTLINE_SECTIONS = `const doc = await docx.readDocument({ path: attachments[0].handle });
const tops = doc.outline.map((h, i) => ({ text: h.text, level: h.level, i })).filter((h) => h.level === 1);
const sections = tops.map((t, n) => ({
  title: t.text,
  bullets: doc.outline.slice(t.i + 1, n + 1 < tops.length ? tops[n + 1].i : doc.outline.length).map((h) => h.text),
}));
`;
// What a model writes: a conditional slide shape inside a spread, whose layout strings TypeScript alone would widen.
const OUTLINE_TO_SLIDES_WIDENED = `${OUTLINE_SECTIONS}const r = await pptx.createDeck({
  path: 'outline-slides.pptx',
  slides: [
    { layout: 'title', title: sections[0].title, subtitle: attachments[0].name },
    ...sections.slice(1).map((s) => (s.bullets.length > 0 ? { layout: 'bullets', title: s.title, bullets: s.bullets } : { layout: 'section', title: s.title })),
  ],
});
return { slides: r.slideCount };`;
const TOTALS_AND_CHART = `const sheet = await xlsx.readRange({ path: 'budget.xlsx' });
const [header, ...rows] = sheet.rows;
const last = rows.length + 1;
await xlsx.writeCells({ path: 'budget.xlsx', cells: { ['A' + (last + 1)]: 'Total', ['B' + (last + 1)]: { formula: 'SUM(B2:B' + last + ')' } } });
const total = rows.reduce((s, r) => s + Number(r[1]), 0);
const added = await pptx.addSlides({
  path: 'review.pptx',
  slides: [{ layout: 'chart', title: 'Budget by item', chart: { type: 'pie', categories: rows.map((r) => String(r[0])), series: [{ name: String(header[1]), values: rows.map((r) => Number(r[1])) }], showValues: true } }],
});
return { total, slideCount: added.slideCount };`;

officeScenarios('office scenarios: decks', [
  {
    name: 'make a 5-slide deck from this sales.xlsx (attached from outside the workspace)',
    request: 'Make a 5-slide deck from this sales.xlsx',
    setup: async (env) => [await writeWorkbook(join(env.inbox, 'sales.xlsx'), { Sales: SALES })],
    steps: [
      { action: 'read the sales rows from the attached workbook', search: 'read cells from a sheet', modules: ['xlsx'] },
      { action: 'make a five-slide deck with a chart of sales by region', search: 'create a presentation deck with a chart', modules: ['pptx'] },
    ],
    programs: [SALES_DECK],
    summary: 'made a 5-slide sales review deck',
    toolbox: ['xlsx.readRange', 'pptx.createDeck'],
    check: async (env, t) => {
      // The sheet's summary reached the prompts (columns and first rows, from the document readers).
      expect(promptText(t.requests[0]!)).toMatch(/Region \(text\), Product \(text\), Amount \(number\)/);
      expect(t.finished.statistics.llmCalls).toBe(2);
      const deck = await readPptx(join(env.root, 'sales-review.pptx'));
      expect(deck.slides.map((s) => s.title)).toEqual(['Sales review', 'Highlights', 'Sales by region', 'Orders', 'Next steps']);
      expect(deck.texts[1]).toContain('Total sales: 335.5');
      expect(deck.texts[1]).toContain('Best region: North');
      expect(deck.charts).toEqual([0, 0, 1, 0, 0]);
      expect(deck.texts[3]).toContain('Gadget');
      expect(t.finished.answer).toContain(join(env.root, 'sales-review.pptx'));
      // One check by a third reader: LibreOffice opens the deck and renders its five slides.
      if (await officeToolsOrSkip('office scenarios: the sales deck in LibreOffice')) {
        const pdf = (await officeToPdfText([join(env.root, 'sales-review.pptx')])).get(join(env.root, 'sales-review.pptx'));
        expect(pdf?.pages).toHaveLength(5);
        expect(pdf!.pages[2]).toContain('Sales by region');
        expect(pdf!.pages[1]).toContain('Total sales: 335.5');
      }
    },
  },
  {
    name: 'turn this docx outline into slides (layouts chosen in a conditional keep their literal types: no repair needed)',
    request: 'Turn this docx outline into slides',
    setup: async (env) => [
      await writeOutlineDocx(join(env.inbox, 'offsite.docx'), [
        { heading: 'Team offsite 2026', points: [] },
        { heading: 'Goals', points: ['Ship the beta', 'Hire two engineers'] },
        { heading: 'Agenda', points: ['Monday: planning', 'Tuesday: workshops', 'Wednesday: retro'] },
        { heading: 'Logistics', points: [] },
      ]),
    ],
    steps: [
      { action: 'read the headings of the attached Word document', search: 'read word document outline', modules: ['docx'] },
      { action: 'make a new deck: one slide per top-level heading, its subheadings as bullets', search: 'create a new presentation deck', modules: ['pptx'] },
    ],
    programs: [OUTLINE_TO_SLIDES_WIDENED],
    toolbox: ['docx.readDocument', 'pptx.createDeck'],
    check: async (env, t) => {
      // TypeScript alone widens `cond ? 'title' : 'bullets'` inside .map to string; the verifier keeps the
      // literals, so this ordinary program passes at once and costs no repair round.
      expect(t.events.some((e) => e.type === 'turn.diagnostics' && !e.ok)).toBe(false);
      expect(t.finished.statistics).toMatchObject({ llmCalls: 2, repairs: 0 });
      const deck = await readPptx(join(env.root, 'outline-slides.pptx'));
      expect(deck.slides.map((s) => s.title)).toEqual(['Team offsite 2026', 'Goals', 'Agenda', 'Logistics']);
      expect(deck.texts[2]).toContain('Tuesday: workshops');
      expect(deck.texts[1]).toContain('Hire two engineers');
      expect(deck.texts[0]).toContain('offsite.docx');
    },
  },
  {
    name: 'add a totals row to budget.xlsx and a chart slide to the deck',
    request: 'Add a totals row to budget.xlsx and a chart slide to review.pptx',
    setup: async (env) => {
      await writeWorkbook(join(env.root, 'budget.xlsx'), {
        Budget: [
          ['Item', 'Cost'],
          ['Rent', 1200],
          ['Travel', 300],
          ['Software', 450],
        ],
      });
      await writeDeck(join(env.root, 'review.pptx'), 'Quarterly review', [{ title: 'Agenda', bullets: ['Budget', 'Hiring'] }]);
    },
    steps: [
      { action: 'read the budget rows', search: 'read cells from a sheet', modules: ['xlsx'] },
      { action: 'write a totals row with a SUM formula under the table', search: 'write values and formulas into cells', modules: ['xlsx'] },
      { action: 'add a chart slide of the budget to review.pptx', search: 'add slides to an existing deck', modules: ['pptx'] },
    ],
    programs: [TOTALS_AND_CHART],
    toolbox: ['xlsx.readRange', 'xlsx.writeCells', 'pptx.addSlides'],
    check: async (env, t) => {
      const book = await readXlsx(join(env.root, 'budget.xlsx'));
      expect(book.Budget![4]).toEqual(['Total', '=SUM(B2:B4)']);
      expect(book.Budget![1]).toEqual(['Rent', 1200]);
      const deck = await readPptx(join(env.root, 'review.pptx'));
      expect(deck.slides).toHaveLength(3);
      expect(deck.slides[2]!.title).toBe('Budget by item');
      expect(deck.charts[2]).toBe(1);
      expect(t.finished.artifacts.map((a) => a.target).sort()).toEqual([join(env.root, 'budget.xlsx'), join(env.root, 'review.pptx')]);
    },
  },
  {
    name: 'a type error in the slide list is caught by the verifier and the repair, fed its diagnostics, succeeds',
    request: 'Make kickoff.pptx with a title slide "Project Kickoff" and an agenda slide',
    steps: [{ action: 'create the kickoff deck with a title and an agenda slide', search: 'create a presentation deck', modules: ['pptx'] }],
    programs: [
      // A small model's slip: `heading` instead of `title`, and bullets as one string.
      "await pptx.createDeck({ path: 'kickoff.pptx', slides: [{ layout: 'title', heading: 'Project Kickoff' }, { layout: 'bullets', title: 'Agenda', bullets: 'Goals, Plan' }] });\nreturn 'ok';",
      "const r = await pptx.createDeck({ path: 'kickoff.pptx', slides: [{ layout: 'title', title: 'Project Kickoff' }, { layout: 'bullets', title: 'Agenda', bullets: ['Goals', 'Plan'] }] });\nreturn { slides: r.slideCount };",
    ],
    toolbox: ['pptx.createDeck'],
    check: async (env, t) => {
      const diagnostics = t.events.flatMap((e) => (e.type === 'turn.diagnostics' ? [e] : []));
      expect(diagnostics.map((d) => d.ok)).toEqual([false, true]);
      expect(diagnostics[0]!.text).toMatch(/heading|title/);
      expect(promptText(t.requests[2]!)).toContain("'heading' does not exist");
      expect(t.finished.statistics).toMatchObject({ llmCalls: 3, repairs: 1 });
      expect(callsOf(t)).toEqual([{ api: 'pptx.createDeck', ok: true }]);
      const deck = await readPptx(join(env.root, 'kickoff.pptx'));
      expect(deck.slides.map((s) => s.title)).toEqual(['Project Kickoff', 'Agenda']);
    },
  },
  {
    name: 'an API the toolbox does not have (pptx.addChart) is refused and the repair uses a chart slide',
    request: 'Add a line chart of monthly visitors (Jan 120, Feb 150, Mar 170) to traffic.pptx',
    setup: async (env) => void (await writeDeck(join(env.root, 'traffic.pptx'), 'Web traffic', [])),
    steps: [{ action: 'add a line chart slide of monthly visitors to traffic.pptx', search: 'add a chart slide to a deck', modules: ['pptx'] }],
    programs: [
      "await pptx.addChart({ path: 'traffic.pptx', type: 'line', labels: ['Jan', 'Feb', 'Mar'], values: [120, 150, 170] });\nreturn 'ok';",
      "const r = await pptx.addSlides({ path: 'traffic.pptx', slides: [{ layout: 'chart', title: 'Monthly visitors', chart: { type: 'line', categories: ['Jan', 'Feb', 'Mar'], series: [{ name: 'Visitors', values: [120, 150, 170] }] } }] });\nreturn r;",
    ],
    toolbox: ['pptx.addSlides'],
    check: async (env, t) => {
      const refused = t.events.find((e) => e.type === 'turn.diagnostics' && !e.ok);
      expect(refused && refused.type === 'turn.diagnostics' && refused.text).toMatch(/addChart/);
      expect(t.runEvents.filter((e) => e.type === 'run.started')).toHaveLength(1);
      const deck = await readPptx(join(env.root, 'traffic.pptx'));
      expect(deck.slides.map((s) => s.title)).toEqual(['Web traffic', 'Monthly visitors']);
      expect(deck.charts).toEqual([0, 1]);
    },
  },
  {
    name: 'a runtime throw (a slide number past the end) is repaired once, fed the failing call',
    request: 'Delete the last slide of team.pptx',
    setup: async (env) =>
      void (await writeDeck(join(env.root, 'team.pptx'), 'Team update', [
        { title: 'Wins', bullets: ['Beta shipped'] },
        { title: 'Risks', bullets: ['Hiring'] },
        { title: 'Backup', bullets: ['Old numbers'] },
      ])),
    steps: [{ action: 'delete the last slide of team.pptx', search: 'delete slides from a deck', modules: ['pptx'] }],
    programs: [
      "return await pptx.deleteSlides({ path: 'team.pptx', slides: [5] });",
      "const deck = await pptx.readDeck({ path: 'team.pptx', includeNotes: false });\nreturn await pptx.deleteSlides({ path: 'team.pptx', slides: [deck.slideCount] });",
    ],
    toolbox: ['pptx.deleteSlides', 'pptx.readDeck'],
    check: async (env, t) => {
      const repair = t.events.find((e) => e.type === 'turn.repair');
      expect(repair).toMatchObject({ kind: 'runtime' });
      expect(repair && repair.type === 'turn.repair' && repair.feedback).toMatch(/pptx\.deleteSlides/);
      expect(promptText(t.requests[2]!)).toMatch(/pptx\.deleteSlides/);
      expect(t.runEvents.flatMap((e) => (e.type === 'run.finished' ? [e.status] : []))).toEqual(['failed', 'completed']);
      const deck = await readPptx(join(env.root, 'team.pptx'));
      expect(deck.slides.map((s) => s.title)).toEqual(['Team update', 'Wins', 'Risks']);
    },
  },
  {
    name: 'move the summary slide to the front, found by its title',
    request: 'In board.pptx, move the Summary slide to the front',
    setup: async (env) =>
      void (await writeDeck(join(env.root, 'board.pptx'), 'Board meeting', [
        { title: 'Finance', bullets: ['Cash is fine'] },
        { title: 'Summary', bullets: ['All good'] },
      ])),
    steps: [
      { action: 'find the Summary slide in board.pptx', search: 'read slide titles of a deck', modules: ['pptx'] },
      { action: 'move that slide to position 1', search: 'reorder slides', modules: ['pptx'] },
    ],
    programs: [
      "const deck = await pptx.readDeck({ path: 'board.pptx', includeNotes: false });\nconst s = deck.slides.find((x) => x.title.trim().toLowerCase() === 'summary');\nif (!s) return { moved: false };\nawait pptx.reorderSlides({ path: 'board.pptx', move: { from: s.number, to: 1 } });\nreturn { moved: true, from: s.number };",
    ],
    toolbox: ['pptx.readDeck', 'pptx.reorderSlides'],
    check: async (env) => {
      const deck = await readPptx(join(env.root, 'board.pptx'));
      expect(deck.slides.map((s) => s.title)).toEqual(['Summary', 'Board meeting', 'Finance']);
    },
  },
  {
    name: 'one-call mode: replace a company name across a deck, keeping the other text',
    request: 'Replace Acme with Globex everywhere in pitch.pptx',
    mode: 'one-call',
    setup: async (env) => void (await writeDeck(join(env.root, 'pitch.pptx'), 'Acme pitch', [{ title: 'Why Acme', bullets: ['Acme is fast', 'Trusted'] }])),
    steps: [{ action: 'replace Acme with Globex in pitch.pptx', search: 'replace text in slides', modules: ['pptx'] }],
    programs: [
      "const r = await pptx.replaceText({ path: 'pitch.pptx', replacements: [{ find: 'Acme', replace: 'Globex' }] });\nreturn { replaced: r.replaced };",
    ],
    toolbox: ['pptx.replaceText'],
    check: async (env, t) => {
      expect(t.finished.statistics).toMatchObject({ mode: 'one-call' });
      const deck = await readPptx(join(env.root, 'pitch.pptx'));
      expect(deck.slides.map((s) => s.title)).toEqual(['Globex pitch', 'Why Globex']);
      expect(deck.texts.join(' ')).not.toContain('Acme');
      expect(deck.texts[1]).toContain('Trusted');
    },
  },
]);
