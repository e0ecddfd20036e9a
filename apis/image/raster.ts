import { open, stat, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type sharpTypes from 'sharp';
import type { Metadata, Sharp } from 'sharp';
import { z } from 'zod';
import { ApiError, errorMessage, imageInfo, type ApiContext, existsInRun } from '../sdk';
import { lazyModule } from '../sdk/lazy-module';

// sharp: loaded when an API first uses it, not when the pack is listed.
const sharp = lazyModule<typeof sharpTypes>('sharp');

/** Images over this many pixels are refused before they are decoded (decompression bombs, huge scans). */
export const MAX_PIXELS = 50_000_000;
/** Files over this size are refused before they are read. */
export const MAX_BYTES = 100 * 1024 * 1024;

export const OUTPUT_FORMATS = ['png', 'jpeg', 'webp', 'tiff', 'gif', 'avif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const EXTENSIONS: Record<string, OutputFormat> = {
  '.png': 'png',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.webp': 'webp',
  '.tif': 'tiff',
  '.tiff': 'tiff',
  '.gif': 'gif',
  '.avif': 'avif',
};

export const outputFields = {
  output: z.string().min(1).describe('the image file to write (staged); its extension picks the format: .png, .jpg/.jpeg, .webp, .tif/.tiff, .gif, .avif'),
  overwrite: z.boolean().default(false).describe('replace an existing output file; otherwise an existing file is an error'),
  quality: z.number().int().min(1).max(100).default(90).describe('JPEG/WebP/AVIF quality'),
};

export const writtenImage = z.object({
  path: z.string().describe('the file written (as given)'),
  format: z.string().describe('its format'),
  width: z.number().describe('width in pixels'),
  height: z.number().describe('height in pixels'),
  bytes: z.number().describe('size of the staged file'),
});

export const SIZE_ERRORS = `TOO_LARGE (an input over ${MAX_PIXELS / 1e6} megapixels or ${MAX_BYTES / 1024 / 1024} MB)`;

/** The format an output path asks for, by its extension. */
export function formatOf(path: string): OutputFormat {
  const format = EXTENSIONS[extname(path).toLowerCase()];
  if (!format) throw new ApiError('INVALID_ARGUMENTS', `${path}: the output needs an image extension (.png, .jpg, .jpeg, .webp, .tif, .tiff, .gif, .avif)`);
  return format;
}

/** Turns a sharp/libvips failure into an ApiError that names the file. */
export function imageError(path: string, error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = errorMessage(error);
  if (/pixel limit/i.test(message)) return new ApiError('TOO_LARGE', `${path} is over ${MAX_PIXELS / 1e6} megapixels; larger images are refused`);
  if (/unsupported image format|corrupt|premature|truncat|bad|invalid|read error|not a known file format|vipspng|vipsjpeg|libspng|tiff/i.test(message))
    return new ApiError('INVALID_FILE', `${path} is not a readable image (damaged, cut short or of an unknown format): ${message.split('\n')[0]}`);
  return new ApiError('API_ERROR', `${path}: ${message.split('\n')[0]}`);
}

export interface OpenedImage {
  file: string;
  image: Sharp;
  meta: Metadata & { width: number; height: number };
}

/** Opens an image inside the granted folders with every limit set; its header is read, its pixels not yet. */
export async function openImage(ctx: ApiContext, path: string): Promise<OpenedImage> {
  const file = await ctx.staging.readPath(path);
  const size = (await stat(file)).size;
  if (size > MAX_BYTES) throw new ApiError('TOO_LARGE', `${path} is ${Math.round(size / 1024 / 1024)} MB; at most ${MAX_BYTES / 1024 / 1024} MB is read`);
  const handle = await open(file, 'r');
  const head = new Uint8Array(64 * 1024);
  await handle.read(head, 0, head.length, 0).finally(() => handle.close());
  const claimed = imageInfo(head);
  if (claimed && claimed.width * claimed.height > MAX_PIXELS) throw tooLarge(path, claimed.width, claimed.height);
  // The header is read without the pixel limit so the refusal can state the size; decoding keeps the limit.
  const meta = await sharp(file, { limitInputPixels: false })
    .metadata()
    .catch((error: unknown) => {
      throw imageError(path, error);
    });
  if (!meta.width || !meta.height) throw new ApiError('INVALID_FILE', `${path} has no pixel size; not a readable image`);
  if (meta.width * meta.height > MAX_PIXELS) throw tooLarge(path, meta.width, meta.height);
  const image = sharp(file, { limitInputPixels: MAX_PIXELS, failOn: 'error', sequentialRead: true });
  return { file, image: image.rotate(), meta: meta as OpenedImage['meta'] };
}

/** Whether `path` exists for this run (a staged write counts, a staged delete does not). */
function tooLarge(path: string, width: number, height: number): ApiError {
  return new ApiError(
    'TOO_LARGE',
    `${path} is ${width}×${height} (${((width * height) / 1e6).toFixed(1)} megapixels); at most ${MAX_PIXELS / 1e6} megapixels are read`,
  );
}

/** Checks the output path before any work is done (extension, existing file), so a refusal changes nothing. */
export async function checkOutput(ctx: ApiContext, args: { output: string; overwrite: boolean }): Promise<OutputFormat> {
  const format = formatOf(args.output);
  await ctx.staging.resolve(args.output);
  if (!args.overwrite && (await existsInRun(ctx, args.output)))
    throw new ApiError('INVALID_ARGUMENTS', `${args.output} exists; pass overwrite: true to replace it`);
  return format;
}

/** Encodes `image` fully in memory first (a failure stages nothing), then stages it at `output`. */
export async function writeImage(
  ctx: ApiContext,
  image: Sharp,
  args: { output: string; overwrite: boolean; quality: number },
  source: string,
): Promise<z.input<typeof writtenImage>> {
  const format = await checkOutput(ctx, args);
  const encoded = format === 'png' || format === 'gif' || format === 'tiff' ? image.toFormat(format) : image.toFormat(format, { quality: args.quality });
  const { data, info } = await encoded.toBuffer({ resolveWithObject: true }).catch((error: unknown) => {
    throw imageError(source, error);
  });
  const staged = await ctx.staging.stageFile(args.output, 'other');
  await writeFile(staged, data);
  return { path: args.output, format, width: info.width, height: info.height, bytes: data.length };
}

/** Renders an SVG document to a sharp image (fonts from fontconfig; DejaVu on Debian). */
export function fromSvg(svg: string): Sharp {
  return sharp(Buffer.from(svg), { limitInputPixels: MAX_PIXELS, density: 72 });
}

/** Escapes text for SVG character data and attribute values. */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Decodes an opened image upright (EXIF orientation applied) into a fresh pipeline over its raw pixels. */
export async function uprightImage(opened: OpenedImage, path: string): Promise<Sharp> {
  const { data, info } = await opened.image
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch((error: unknown) => {
      throw imageError(path, error);
    });
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels }, limitInputPixels: MAX_PIXELS });
}

export { existsInRun };
