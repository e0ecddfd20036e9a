/** Image type and pixel size from the file header (PNG, JPEG, GIF, BMP, WebP), without decoding pixels. */

export interface ImageInfo {
  type: 'png' | 'jpg' | 'gif' | 'bmp' | 'webp';
  width: number;
  height: number;
}

const be16 = (b: Uint8Array, o: number) => (b[o]! << 8) | b[o + 1]!;
const le16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const be32 = (b: Uint8Array, o: number) => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
const le32 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24) | 0;

/** The whole GIF signature, "GIF87a" or "GIF89a": a text that starts with "GIF" is no image. */
function isGif(b: Uint8Array): boolean {
  if (b.length < 10) return false;
  const head = String.fromCharCode(...b.subarray(0, 6));
  return head === 'GIF87a' || head === 'GIF89a';
}

/** Returns undefined when the bytes are no image this knows (or the header is cut short). */
export function imageInfo(b: Uint8Array): ImageInfo | undefined {
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return { type: 'png', width: be32(b, 16), height: be32(b, 20) };
  if (isGif(b)) return { type: 'gif', width: le16(b, 6), height: le16(b, 8) };
  if (b.length >= 26 && b[0] === 0x42 && b[1] === 0x4d) return { type: 'bmp', width: Math.abs(le32(b, 18)), height: Math.abs(le32(b, 22)) };
  if (b.length >= 30 && be32(b, 0) === 0x52494646 && be32(b, 8) === 0x57454250) {
    const chunk = String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!);
    if (chunk === 'VP8X') return { type: 'webp', width: 1 + (b[24]! | (b[25]! << 8) | (b[26]! << 16)), height: 1 + (b[27]! | (b[28]! << 8) | (b[29]! << 16)) };
    if (chunk === 'VP8 ') return { type: 'webp', width: le16(b, 26) & 0x3fff, height: le16(b, 28) & 0x3fff };
    if (chunk === 'VP8L')
      return { type: 'webp', width: 1 + (((b[22]! & 0x3f) << 8) | b[21]!), height: 1 + (((b[24]! & 0xf) << 10) | (b[23]! << 2) | ((b[22]! & 0xc0) >> 6)) };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    let o = 2;
    while (o + 9 < b.length) {
      if (b[o] !== 0xff) return undefined;
      const marker = b[o + 1]!;
      if (marker === 0xff) {
        o++;
        continue;
      }
      const length = be16(b, o + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
        return { type: 'jpg', height: be16(b, o + 5), width: be16(b, o + 7) };
      o += 2 + length;
    }
  }
  return undefined;
}
