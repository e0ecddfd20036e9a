import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiContext, callApi } from '../../test/helpers/api-harness';
import { minimalPdf } from '../../test/helpers/office-fixtures';
import { blackPng, pngHeaderOnly } from '../../test/helpers/png';
import { testStaging } from '../../test/helpers/staging';
import type { ApiContext } from '../sdk';
import { imagePack } from './pack';

interface Written {
  path: string;
  format: string;
  width: number;
  height: number;
  bytes: number;
}
let root: string;
let ctx: ApiContext;
const call = (verb: string, args: unknown) => callApi(imagePack, verb, args, ctx) as Promise<Written>;

/** The staged file for `output`, read back by sharp (the second reader). */
async function stagedMeta(output: string) {
  const abs = await ctx.staging.resolve(output);
  const entry = ctx.staging.entries().find((e) => e.target === abs);
  expect(entry?.stagedPath, output).toBeTruthy();
  return { meta: await sharp(entry!.stagedPath!).metadata(), file: entry!.stagedPath! };
}

/** A photo-like test picture: a gradient with a dark disc and a bar (edges to find). */
async function picture(file: string, width = 640, height = 480): Promise<void> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g"><stop offset="0" stop-color="#8ab"/><stop offset="1" stop-color="#fed"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width / 3}" cy="${height / 2}" r="${height / 4}" fill="#223"/><rect x="${width * 0.6}" y="${height * 0.2}" width="${width * 0.2}" height="${height * 0.6}" fill="#c33"/></svg>`;
  await writeFile(file, await sharp(Buffer.from(svg)).jpeg().toBuffer());
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'image-pack-'));
  ctx = apiContext(await testStaging([root]));
  await picture(join(root, 'photo.jpg'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('image operations, read back with sharp', () => {
  it('info reports the header facts', async () => {
    expect(await callApi(imagePack, 'info', { path: 'photo.jpg' }, ctx)).toMatchObject({
      format: 'jpeg',
      width: 640,
      height: 480,
      channels: 3,
      hasAlpha: false,
      pages: 1,
    });
  });

  it('convert, resize, crop and rotate write what they say', async () => {
    expect(await call('convert', { path: 'photo.jpg', output: 'out/photo.webp' })).toMatchObject({ format: 'webp', width: 640, height: 480 });
    expect((await stagedMeta('out/photo.webp')).meta).toMatchObject({ format: 'webp', width: 640, height: 480 });
    await call('convert', { path: 'photo.jpg', output: 'out/photo.tiff' });
    expect((await stagedMeta('out/photo.tiff')).meta.format).toBe('tiff');

    await call('resize', { path: 'photo.jpg', output: 'out/small.png', width: 320 });
    expect((await stagedMeta('out/small.png')).meta).toMatchObject({ format: 'png', width: 320, height: 240 });
    await call('resize', { path: 'photo.jpg', output: 'out/box.jpg', width: 200, height: 200, fit: 'cover' });
    expect((await stagedMeta('out/box.jpg')).meta).toMatchObject({ format: 'jpeg', width: 200, height: 200 });

    await call('crop', { path: 'photo.jpg', output: 'out/crop.png', left: 384, top: 96, width: 128, height: 288 });
    const crop = await stagedMeta('out/crop.png');
    expect(crop.meta).toMatchObject({ width: 128, height: 288 });
    const { dominant } = await sharp(crop.file).stats();
    expect(dominant.r).toBeGreaterThan(150); // the red bar
    expect(dominant.g).toBeLessThan(100);

    await call('rotate', { path: 'photo.jpg', output: 'out/turned.png', angle: 90 });
    expect((await stagedMeta('out/turned.png')).meta).toMatchObject({ width: 480, height: 640 });
    await call('rotate', { path: 'photo.jpg', output: 'out/tilted.png', angle: 30 });
    expect((await stagedMeta('out/tilted.png')).meta.width).toBeGreaterThan(640);
  });

  it('annotate writes readable text on the image', async () => {
    await call('annotate', { path: 'photo.jpg', output: 'out/caption.png', text: 'HELLO WORLD', position: 'bottom', fontSize: 40 });
    const { meta, file } = await stagedMeta('out/caption.png');
    expect(meta).toMatchObject({ width: 640, height: 480 });
    const before = await sharp(join(root, 'photo.jpg')).extract({ left: 0, top: 380, width: 640, height: 100 }).raw().toBuffer();
    const after = await sharp(file).removeAlpha().extract({ left: 0, top: 380, width: 640, height: 100 }).raw().toBuffer();
    expect(Buffer.compare(before, after)).not.toBe(0);
  });

  it('edges gives a sparse edge map, sketch a mostly white drawing', async () => {
    await call('edges', { path: 'photo.jpg', output: 'out/edges.png' });
    const edges = await stagedMeta('out/edges.png');
    expect(edges.meta).toMatchObject({ width: 640, height: 480, channels: 1 });
    const e = await sharp(edges.file).extractChannel(0).raw().toBuffer();
    const bright = e.filter((v) => v > 128).length / e.length;
    expect(bright).toBeGreaterThan(0.003); // the disc and bar outlines
    expect(bright).toBeLessThan(0.1); // flat areas stay black
    // The outline of the red bar's left side is an edge; its inside is not.
    expect(e[240 * 640 + 384]! + e[240 * 640 + 383]! + e[240 * 640 + 385]!).toBeGreaterThan(200);
    expect(e[240 * 640 + 450]).toBe(0);

    await call('sketch', { path: 'photo.jpg', output: 'out/sketch.jpg' });
    const sketch = await stagedMeta('out/sketch.jpg');
    expect(sketch.meta).toMatchObject({ format: 'jpeg', width: 640, height: 480 });
    const s = await sharp(sketch.file).greyscale().raw().toBuffer();
    expect(s.filter((v) => v > 200).length / s.length).toBeGreaterThan(0.7);
    expect(s.filter((v) => v < 120).length).toBeGreaterThan(100);
  });

  it('fromText renders text and markdown pages whose height follows the text', async () => {
    const short = await call('fromText', { output: 'post.jpg', title: 'Welcome', text: 'One line.' });
    const long = await call('fromText', { output: 'long.png', text: Array.from({ length: 40 }, (_, i) => `- item ${i}`).join('\n') });
    expect((await stagedMeta('post.jpg')).meta).toMatchObject({ format: 'jpeg', width: 1000, height: short.height });
    expect((await stagedMeta('long.png')).meta).toMatchObject({ format: 'png', width: 1000, height: long.height });
    expect(long.height).toBeGreaterThan(short.height * 3);
  });

  it('chart draws bar, line, pie and scatter charts as PNG, JPEG and SVG', async () => {
    const data = { labels: ['Q1', 'Q2', 'Q3'], series: [{ name: 'a', values: [3, 7, 5], x: [1, 2, 3] }], title: 'Sales' };
    for (const type of ['bar', 'line', 'pie', 'scatter']) {
      await call('chart', { ...data, type, output: `charts/${type}.png`, width: 800, height: 500 });
      const { meta, file } = await stagedMeta(`charts/${type}.png`);
      expect(meta, type).toMatchObject({ format: 'png', width: 800, height: 500 });
      const { channels } = await sharp(file).stats();
      expect(channels[2]!.max - channels[2]!.min, type).toBeGreaterThan(100); // coloured marks on white
    }
    await call('chart', { ...data, type: 'bar', output: 'charts/bar.jpg' });
    expect((await stagedMeta('charts/bar.jpg')).meta.format).toBe('jpeg');
    await call('chart', { ...data, type: 'bar', output: 'charts/bar.svg' });
    expect((await stagedMeta('charts/bar.svg')).meta).toMatchObject({ format: 'svg', width: 900, height: 600 });
  });
});

describe('bad inputs get clear errors and stage nothing', () => {
  const refuses = async (verb: string, args: unknown, code: string, message: RegExp) => {
    await expect(callApi(imagePack, verb, args, ctx)).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    expect(ctx.staging.entries()).toEqual([]);
  };

  it('refuses damaged, fake and missing images', async () => {
    const png = await sharp(join(root, 'photo.jpg')).png().toBuffer();
    await writeFile(join(root, 'cut.png'), png.subarray(0, Math.floor(png.length / 2)));
    await writeFile(join(root, 'fake.png'), 'not an image at all');
    await refuses('resize', { path: 'cut.png', output: 'x.png', width: 10 }, 'INVALID_FILE', /cut\.png is not a readable image/);
    await refuses('readText', { path: 'cut.png' }, 'INVALID_FILE', /cut\.png/);
    await refuses('info', { path: 'fake.png' }, 'INVALID_FILE', /fake\.png/);
    // A text that starts with "GIF" is not an image (it was read as 11887×27168 and refused as too large).
    await writeFile(join(root, 'fake.gif'), 'GIF? no... this is text, not a picture');
    for (const verb of ['info', 'resize'])
      await refuses(verb, { path: 'fake.gif', output: 'x.png', width: 5 }, 'INVALID_FILE', /fake\.gif is not a readable image/);
    await refuses('edges', { path: 'missing.png', output: 'x.png' }, 'NOT_FOUND', /missing/);
    await refuses('convert', { path: '../outside.png', output: 'x.png' }, 'PERMISSION_DENIED', /./);
  });

  it('refuses a 100-megapixel image (a 100 KB decompression bomb) and a header claiming 4 gigapixels', async () => {
    await writeFile(join(root, 'huge.png'), blackPng(10000, 10000));
    await writeFile(join(root, 'claims.png'), pngHeaderOnly(65535, 65535));
    for (const verb of ['info', 'readText', 'sketch'])
      await refuses(verb, { path: 'huge.png', output: 'x.png' }, 'TOO_LARGE', /huge\.png is 10000×10000 \(100\.0 megapixels\); at most 50 megapixels/);
    await refuses('resize', { path: 'claims.png', output: 'x.png', width: 5 }, 'TOO_LARGE', /megapixels/);
  });

  it('refuses bad outputs and arguments before doing any work', async () => {
    await writeFile(join(root, 'taken.png'), await sharp(join(root, 'photo.jpg')).png().toBuffer());
    await refuses('convert', { path: 'photo.jpg', output: 'photo.txt' }, 'INVALID_ARGUMENTS', /image extension/);
    await refuses('convert', { path: 'photo.jpg', output: 'taken.png' }, 'INVALID_ARGUMENTS', /exists; pass overwrite/);
    await refuses(
      'crop',
      { path: 'photo.jpg', output: 'c.png', left: 600, top: 0, width: 100, height: 10 },
      'INVALID_ARGUMENTS',
      /not inside photo\.jpg \(640×480\)/,
    );
    await refuses('resize', { path: 'photo.jpg', output: 'r.png' }, 'INVALID_ARGUMENTS', /width, height or both/);
    await refuses('fromText', { text: '   ', output: 'e.png' }, 'INVALID_ARGUMENTS', /empty/);
    await refuses(
      'chart',
      { type: 'bar', labels: ['a'], series: [{ name: 's', values: [1, 2] }], output: 'c.png' },
      'INVALID_ARGUMENTS',
      /2 values for 1 labels/,
    );
    await refuses('chart', { type: 'pie', labels: ['a', 'b'], series: [{ name: 's', values: [0, 0] }], output: 'c.png' }, 'INVALID_ARGUMENTS', /not all zero/);
    await refuses('chart', { type: 'scatter', series: [{ name: 's', values: [1, 2] }], output: 'c.svg' }, 'INVALID_ARGUMENTS', /needs x/);
    // The output is checked before the data: a bad path is reported as a path error, even when the labels are wrong too.
    const badLabels = { type: 'bar', labels: ['a'], series: [{ name: 's', values: [1, 2] }] };
    await refuses('chart', { ...badLabels, output: 'chart.txt' }, 'INVALID_ARGUMENTS', /chart\.txt: the output needs an image extension/);
    await refuses('chart', { ...badLabels, output: 'taken.png' }, 'INVALID_ARGUMENTS', /taken\.png exists; pass overwrite/);
    await refuses('chart', { ...badLabels, output: '../outside.svg' }, 'PERMISSION_DENIED', /./);
    await writeFile(join(root, 'taken.svg'), '<svg/>');
    await refuses('chart', { ...badLabels, output: 'taken.svg' }, 'INVALID_ARGUMENTS', /taken\.svg exists; pass overwrite/);
  });

  it('refuses an encrypted PDF', async () => {
    const pdf = minimalPdf(['secret']).toString('latin1');
    const id = '0123456789abcdef0123456789abcdef';
    const encrypted = pdf.replace(
      '/Root 1 0 R >>',
      `/Root 1 0 R /Encrypt << /Filter /Standard /V 1 /R 2 /O <${id}${id}> /U <${id}${id}> /P -4 >> /ID [<${id}> <${id}>] >>`,
    );
    await writeFile(join(root, 'locked.pdf'), Buffer.from(encrypted, 'latin1'));
    await refuses('readText', { path: 'locked.pdf' }, 'INVALID_FILE', /password-protected/);
  });
});
