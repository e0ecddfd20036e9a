import type { Sharp } from 'sharp';

/** Text in small images (screenshots, cards) is read far better once enlarged to about this width. */
const TARGET_WIDTH = 2000;
const MAX_SCALE = 4;

/**
 * An image made ready for tesseract: greyscale PNG, small images enlarged (at most MAX_SCALE times) so
 * letters are tall enough to read; `scale` maps the engine's boxes back to the input's pixels. Input limits are the caller's (it has already opened the image).
 */
export async function prepareForOcr(input: Sharp, width: number): Promise<{ png: Buffer; scale: number }> {
  const scale = Math.min(MAX_SCALE, Math.max(1, TARGET_WIDTH / Math.max(1, width)));
  let img = input.clone().flatten({ background: '#ffffff' }).greyscale();
  const enlarged = scale > 1.2 ? Math.round(width * scale) : width;
  if (enlarged !== width) img = img.resize({ width: enlarged, kernel: 'lanczos3' });
  return { png: await img.png({ compressionLevel: 1 }).toBuffer(), scale: enlarged / width };
}
