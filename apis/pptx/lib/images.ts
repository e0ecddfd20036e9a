import { readFile, stat } from 'node:fs/promises';
import { ApiError, type ApiContext } from '../../sdk';
import { LIMITS } from './limits';
import { mb } from './package';
import type { LoadedImage } from './render';

/** Pixel size and MIME type read from the image header; undefined when it is not PNG, JPEG or GIF. */
export function imageInfo(bytes: Uint8Array): { width: number; height: number; mime: string } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 24 && view.getUint32(0) === 0x89504e47) return { width: view.getUint32(16), height: view.getUint32(20), mime: 'image/png' };
  if (bytes.length >= 10 && /^GIF8[79]a$/.test(String.fromCharCode(...bytes.subarray(0, 6))))
    return { width: view.getUint16(6, true), height: view.getUint16(8, true), mime: 'image/gif' };
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) return undefined;
      const marker = bytes[i + 1]!;
      const length = view.getUint16(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: view.getUint16(i + 5), width: view.getUint16(i + 7), mime: 'image/jpeg' };
      }
      i += 2 + length;
    }
  }
  return undefined;
}

/** Reads an image inside a granted folder, refusing big files and huge pixel counts before decoding anything. */
export async function loadImage(ctx: ApiContext, path: string): Promise<LoadedImage> {
  const file = await ctx.staging.readPath(path);
  const size = (await stat(file)).size;
  if (size > LIMITS.imageBytes) throw new ApiError('TOO_LARGE', `image ${path} is ${mb(size)}; the limit is ${mb(LIMITS.imageBytes)}`);
  const bytes = new Uint8Array(await readFile(file));
  const info = imageInfo(bytes);
  if (!info || info.width === 0 || info.height === 0) throw new ApiError('INVALID_FILE', `${path} is not a PNG, JPEG or GIF image`);
  if (info.width * info.height > LIMITS.imagePixels) {
    throw new ApiError('TOO_LARGE', `image ${path} is ${info.width}×${info.height} pixels; the limit is ${LIMITS.imagePixels / 1e6} megapixels`);
  }
  return { dataUri: `${info.mime};base64,${Buffer.from(bytes).toString('base64')}`, width: info.width, height: info.height };
}
