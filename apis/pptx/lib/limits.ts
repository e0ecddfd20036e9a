/** Size limits that keep a hostile or broken file from exhausting memory; checked before parsing. */
export const LIMITS = {
  /** A .pptx on disk. */
  fileBytes: 200 * 1024 * 1024,
  /** One XML part, uncompressed. */
  xmlPartBytes: 30 * 1024 * 1024,
  /** All parts, uncompressed. */
  totalBytes: 600 * 1024 * 1024,
  /** Parts in one package. */
  parts: 20_000,
  /** An image file placed on a slide. */
  imageBytes: 25 * 1024 * 1024,
  /** Pixels of an image (width × height). */
  imagePixels: 100_000_000,
  /** Slides in one deck. */
  slides: 5_000,
} as const;
