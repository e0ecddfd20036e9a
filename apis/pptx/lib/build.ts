import type { ApiContext } from '../../sdk';
import { loadImage } from './images';
import { renderSlides, type LoadedImage } from './render';
import type { SlideSpec } from './spec';

export const EMU_PER_INCH = 914400;

/** Renders slide specs with pptxgenjs after reading (and checking) every image they name. */
export async function buildSlides(
  ctx: ApiContext,
  slides: readonly SlideSpec[],
  options: { width: number; height: number; fonts: { heading: string; body: string }; accents: readonly string[] },
): Promise<Uint8Array> {
  const images = new Map<string, LoadedImage>();
  for (const slide of slides) {
    if (slide.layout === 'image' && !images.has(slide.image)) images.set(slide.image, await loadImage(ctx, slide.image));
  }
  return renderSlides({ slides, images, ...options });
}
