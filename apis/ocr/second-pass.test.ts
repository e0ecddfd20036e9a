import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { OFFICEBENCH, hasOfficeBench } from '../../test/helpers/bench-office';
import { disposeOcr, recognize, type OcrResult } from './engine';
import { prepareForOcr } from './prepare';
import { DOUBTFUL } from './second-pass';

afterAll(() => disposeOcr());

async function both(path: string): Promise<{ once: OcrResult; twice: OcrResult }> {
  const file = join(OFFICEBENCH, path);
  const prepared = await prepareForOcr(sharp(file), (await sharp(file).metadata()).width ?? 1);
  const once = await recognize(prepared.png, { words: true, secondPass: false });
  const twice = await recognize(prepared.png, { words: true });
  return { once, twice };
}

// Real scans whose first reading has doubtful words (OfficeBench's testbeds, read in place).
describe.runIf(hasOfficeBench())('re-reading doubtful lines (second pass)', () => {
  it.each([
    ['2-8/testbed/data/Bob_card.png', 'EIm', 'Elm'],
    ['2-10/testbed/data/students_ids.jpg', '51020', 'S1020'],
  ])(
    '%s: %s becomes %s; confident words and the word count stay',
    async (path, before, after) => {
      const { once, twice } = await both(path);
      expect(once.text).toContain(before);
      expect(twice.text).toContain(after);
      expect(twice.text).not.toContain(before);
      expect(twice.words).toHaveLength(once.words!.length);
      once.words!.forEach((word, i) => {
        if (word.confidence >= DOUBTFUL) expect(twice.words![i]).toEqual(word);
        else expect(twice.words![i]!.box).toEqual(word.box);
      });
      // The page's text is rewritten from the words it changed, in place.
      expect(twice.text.split(/\s+/)).toEqual(
        twice
          .words!.map((w) => w.text)
          .filter(Boolean)
          .flatMap((t) => t.split(/\s+/)),
      );
    },
    120_000,
  );

  it('leaves a page without doubtful words exactly as the first reading', async () => {
    const { once, twice } = await both('2-11/testbed/data/car_trading.png');
    expect(once.words!.filter((w) => w.confidence < DOUBTFUL && /[\p{L}\p{N}]/u.test(w.text))).toEqual([]);
    expect(twice).toEqual(once);
  }, 120_000);
});
