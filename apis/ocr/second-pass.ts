import type sharpTypes from 'sharp';
import type { Sharp } from 'sharp';
import type { Line, Page, Worker } from 'tesseract.js';
import { lazyModule } from '../sdk/lazy-module';

const sharp = lazyModule<typeof sharpTypes>('sharp');

/** A word read with less confidence than this (0..100) is doubtful: its line is read again. */
export const DOUBTFUL = 60;
/** Most lines of one page read again (each is a small, fast recognition per rendering). */
export const MAX_REREADS = 40;

/**
 * Two more renderings of a line, contrast stretched then cut to black and white: at a dark level (strokes
 * thinner, gaps between letters open) and at a light one (faint strokes joined).
 */
const RENDERINGS: ((image: Sharp) => Sharp)[] = [(img) => img.normalise().threshold(85), (img) => img.normalise().threshold(170)];

/**
 * Reads every line of `page` that holds a doubtful word again from its box in `png` (the image the page
 * was read from), once per rendering; each doubtful word becomes the text its readings (the first one
 * included) give the most summed confidence. Changes `page` in place (words, line texts, the page's text)
 * and returns how many words it replaced.
 */
export async function rereadDoubtful(worker: Worker, png: Buffer, page: Page): Promise<number> {
  const lines = (page.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines));
  const isDoubtful = (w: Line['words'][number]) => w.confidence < DOUBTFUL && /[\p{L}\p{N}]/u.test(w.text);
  const doubtful = lines.filter((line) => line.words.some(isDoubtful));
  if (doubtful.length === 0) return 0;
  const source = sharp(png);
  const { width = 0, height = 0 } = await source.metadata();
  const changed = new Set<Line>();
  let replaced = 0;
  for (const line of doubtful.slice(0, MAX_REREADS)) {
    const { x0, y0, x1, y1 } = line.bbox;
    const pad = Math.round((y1 - y0) * 0.3) + 2;
    const left = Math.max(0, x0 - pad);
    const top = Math.max(0, y0 - pad);
    const box = { left, top, width: Math.min(width, x1 + pad) - left, height: Math.min(height, y1 + pad) - top };
    if (box.width < 4 || box.height < 4) continue;
    // Each reading of a doubtful word (the first included) votes for its text with its confidence.
    const votes = line.words.map((w) => new Map([[w.text, w.confidence]]));
    for (const render of RENDERINGS) {
      const crop = await render(source.clone().extract(box))
        .extend({ top: 16, bottom: 16, left: 16, right: 16, background: '#ffffff' })
        .png({ compressionLevel: 1 })
        .toBuffer();
      // Page segmentation mode 7: the crop is one line (the option holds for this call only).
      const { data } = await worker.recognize(crop, { tessedit_pageseg_mode: '7' } as never, { text: true, blocks: true });
      const again = (data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines.flatMap((l) => l.words)));
      // Words are matched by position, so only a reading that splits the line into as many words counts.
      if (again.length !== line.words.length) continue;
      again.forEach((other, i) => votes[i]!.set(other.text, (votes[i]!.get(other.text) ?? 0) + other.confidence));
    }
    line.words.forEach((word, i) => {
      if (!isDoubtful(word)) return;
      const [text, weight] = [...votes[i]!].reduce((a, b) => (b[1] > a[1] ? b : a));
      if (text === word.text) return;
      word.text = text;
      // Its confidence is the mean over all readings, so a word only some of them agree on stays doubtful.
      word.confidence = Math.min(100, weight / (RENDERINGS.length + 1));
      changed.add(line);
      replaced++;
    });
  }
  if (changed.size > 0) page.text = retext(page.text, lines, changed);
  return replaced;
}

/** The page's text with each changed line rewritten from its words (lines are found in reading order). */
function retext(text: string, lines: Line[], changed: Set<Line>): string {
  let out = '';
  let cursor = 0;
  for (const line of lines) {
    const original = line.text.replace(/\s+$/, '');
    const at = original ? text.indexOf(original, cursor) : -1;
    if (at < 0) continue;
    const replacement = changed.has(line) ? line.words.map((w) => w.text).join(' ') : original;
    out += text.slice(cursor, at) + replacement;
    cursor = at + original.length;
    if (changed.has(line)) line.text = `${replacement}\n`;
  }
  return out + text.slice(cursor);
}
