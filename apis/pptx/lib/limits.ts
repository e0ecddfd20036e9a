/**
 * What one deck may hold. The package limits (file size, parts, part and total sizes) are the sdk's one
 * table, OOXML_LIMITS in apis/sdk/ooxml-package.ts, checked when a deck is opened.
 */
export const LIMITS = {
  /** An image file placed on a slide. */
  imageBytes: 25 * 1024 * 1024,
  /** Pixels of an image (width × height). */
  imagePixels: 100_000_000,
  /** Slides in one deck. */
  slides: 5_000,
} as const;
