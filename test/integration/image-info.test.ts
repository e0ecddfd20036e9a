import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { png } from '../helpers/office-fixtures';
import { hasOfficeBench, officeBenchFiles } from '../helpers/bench-office';
import { imageInfo } from '../../apis/sdk';

describe('imageInfo', () => {
  it('reads PNG, GIF, BMP and WebP headers', () => {
    expect(imageInfo(png(300, 20))).toEqual({ type: 'png', width: 300, height: 20 });
    expect(imageInfo(Buffer.from('GIF89a\x40\x01\xf0\x00', 'latin1'))).toEqual({ type: 'gif', width: 320, height: 240 });
    const bmp = Buffer.alloc(30);
    bmp.write('BM');
    bmp.writeInt32LE(640, 18);
    bmp.writeInt32LE(-480, 22);
    expect(imageInfo(bmp)).toEqual({ type: 'bmp', width: 640, height: 480 });
    const webp = Buffer.alloc(30);
    webp.write('RIFF', 0);
    webp.write('WEBPVP8X', 8);
    webp.writeUIntLE(799, 24, 3);
    webp.writeUIntLE(599, 27, 3);
    expect(imageInfo(webp)).toEqual({ type: 'webp', width: 800, height: 600 });
    expect(imageInfo(Buffer.from('not an image'))).toBeUndefined();
    // Only the whole signature makes a GIF: a text starting "GIF" is no 11887×27168 image.
    expect(imageInfo(Buffer.from('GIF87a\x02\x00\x03\x00', 'latin1'))).toEqual({ type: 'gif', width: 2, height: 3 });
    expect(imageInfo(Buffer.from('GIF? no... this is text'))).toBeUndefined();
    expect(imageInfo(Buffer.from('GIF90a\x02\x00\x03\x00', 'latin1'))).toBeUndefined();
    expect(imageInfo(png(1, 1).subarray(0, 10))).toBeUndefined();
  });

  it.skipIf(!hasOfficeBench())('reads real JPEG and PNG files from the OfficeBench testbeds', () => {
    const files = officeBenchFiles('.jpg', '.png');
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const info = imageInfo(readFileSync(f));
      expect(info, f).toBeDefined();
      expect(info!.width * info!.height, f).toBeGreaterThan(100);
    }
  });
});
