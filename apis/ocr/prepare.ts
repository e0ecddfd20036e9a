import type { Sharp } from 'sharp';

/** Text in small images (screenshots, cards) is read far better once enlarged to about this width. */
const TARGET_WIDTH = 2000;
const MAX_SCALE = 4;

/**
 * An image made ready for tesseract: greyscale PNG, small images enlarged (at most MAX_SCALE times) so
 * letters are tall enough to read. Input limits are the caller's (it has already opened the image).
 */
export async function prepareForOcr(input: Sharp, width: number): Promise<Buffer> {
  const scale = Math.min(MAX_SCALE, Math.max(1, TARGET_WIDTH / Math.max(1, width)));
  let img = input.clone().flatten({ background: '#ffffff' }).greyscale();
  if (scale > 1.2) img = img.resize({ width: Math.round(width * scale), kernel: 'lanczos3' });
  return img.png({ compressionLevel: 1 }).toBuffer();
}
