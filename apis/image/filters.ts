/** Pixel filters on 8-bit greyscale buffers (one byte per pixel, row-major), for edges and sketch. */

/** Sobel gradient magnitude, scaled to 0..255; pixels under `threshold` become 0 (black). */
export function sobel(grey: Uint8Array, width: number, height: number, threshold: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const at = (x: number, y: number) => grey[Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))]!;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const a = at(x - 1, y - 1),
        b = at(x, y - 1),
        c = at(x + 1, y - 1);
      const d = at(x - 1, y),
        f = at(x + 1, y);
      const g = at(x - 1, y + 1),
        h = at(x, y + 1),
        i = at(x + 1, y + 1);
      const gx = c + 2 * f + i - (a + 2 * d + g);
      const gy = g + 2 * h + i - (a + 2 * b + c);
      // A black-white step gives 4·255 = 1020; /2 saturates strong edges and keeps mid-contrast ones visible.
      const m = Math.min(255, Math.round(Math.sqrt(gx * gx + gy * gy) / 2));
      out[y * width + x] = m >= threshold ? m : 0;
    }
  }
  return out;
}

/** Colour dodge of a grey image with its blurred negative: the pencil-sketch look (white paper, dark strokes). */
export function dodge(grey: Uint8Array, blurredInverse: Uint8Array): Uint8Array {
  const out = new Uint8Array(grey.length);
  for (let i = 0; i < grey.length; i++) {
    const b = blurredInverse[i]!;
    out[i] = b >= 255 ? 255 : Math.min(255, Math.round((grey[i]! * 255) / (255 - b)));
  }
  return out;
}
