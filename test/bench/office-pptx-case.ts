import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import PptxGenJS from 'pptxgenjs';
import { addSlides } from '../../apis/pptx/add-slides';
import { createDeck } from '../../apis/pptx/create-deck';
import { deleteSlides } from '../../apis/pptx/delete-slides';
import { readDeck } from '../../apis/pptx/read-deck';
import { replaceText } from '../../apis/pptx/replace-text';
import { apiContext, callApi } from '../helpers/api-runner';
import { testStaging } from '../helpers/staging';

// One benchmark case in a process of its own, so its peak RSS is its own:
// `office-pptx-case.ts <case> <slides> <dir>`; prints { ms, rssMb } as JSON.
const [kind, countText, dir] = process.argv.slice(2) as [string, string, string];
const count = Number(countText);

function slidesFor(n: number): unknown[] {
  const kinds = ['bullets', 'table', 'chart'] as const;
  return Array.from({ length: n }, (_, i) => {
    const title = `Slide ${i + 1}: quarterly figures`;
    const k = kinds[i % 3]!;
    if (k === 'bullets')
      return { layout: 'bullets', title, bullets: ['Revenue grew in every region', { text: 'EMEA led', level: 1 }, 'Costs held flat'], notes: `notes ${i}` };
    if (k === 'table')
      return {
        layout: 'table',
        title,
        columns: ['Region', 'Q1', 'Q2'],
        rows: [
          ['North', 1, 2],
          ['South', 3, 4],
          ['East', 5, 6],
        ],
      };
    return {
      layout: 'chart',
      title,
      chart: { type: 'column', categories: ['Q1', 'Q2', 'Q3', 'Q4'], series: [{ name: 'Revenue', values: [i, i + 1, i + 2, i + 3] }] },
    };
  });
}

async function main(): Promise<number> {
  const staging = await testStaging([dir]);
  const ctx = apiContext(staging, [dir]);
  const deck = `deck-${count}.pptx`;
  const t0 = performance.now();
  switch (kind) {
    case 'pptxgenjs': {
      // The library alone: title, bullets, a table and a chart on EVERY slide.
      const pptx = new PptxGenJS();
      for (let i = 0; i < count; i++) {
        const s = pptx.addSlide();
        s.addText(`Slide ${i + 1}`, { x: 0.5, y: 0.2, w: 9, h: 0.6, fontSize: 24 });
        s.addText(
          [
            { text: 'Revenue grew', options: { bullet: true } },
            { text: 'Costs flat', options: { bullet: true } },
          ],
          { x: 0.5, y: 0.9, w: 4.5, h: 1.5 },
        );
        s.addTable(
          [
            [{ text: 'Region' }, { text: 'Q1' }],
            [{ text: 'North' }, { text: String(i) }],
          ],
          { x: 0.5, y: 2.6, w: 4.5 },
        );
        s.addChart(pptx.ChartType.bar, [{ name: 'Revenue', labels: ['Q1', 'Q2', 'Q3'], values: [i, i + 1, i + 2] }], { x: 5.2, y: 0.9, w: 4.3, h: 3.5 });
      }
      await pptx.write({ outputType: 'nodebuffer' });
      break;
    }
    case 'createDeck': {
      await callApi(createDeck, { path: deck, slides: slidesFor(count), overwrite: true }, ctx);
      const t = performance.now() - t0;
      await copyFile(staging.entries()[0]!.stagedPath!, join(dir, deck));
      return t;
    }
    case 'readDeck':
      await callApi(readDeck, { path: deck }, ctx);
      break;
    case 'replaceText':
      await callApi(replaceText, { path: deck, replacements: [{ find: 'quarterly', replace: 'annual' }] }, ctx);
      break;
    case 'deleteSlides':
      await callApi(deleteSlides, { path: deck, slides: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }, ctx);
      break;
    case 'addSlides':
      await callApi(addSlides, { path: deck, position: 2, slides: slidesFor(3) }, ctx);
      break;
    case 'baseline':
      break;
    default:
      throw new Error(`unknown case ${kind}`);
  }
  return performance.now() - t0;
}

const ms = await main();
process.stdout.write(`${JSON.stringify({ ms, rssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
