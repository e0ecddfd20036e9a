import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { chartSvg } from './chart-svg';
import { checkOutput, existsInRun, fromSvg, outputFields, writeImage, writtenImage } from './raster';

export const chart = defineApi({
  name: 'chart',
  description: `Draw a chart from data as an image: bar (grouped when several series), line, pie (the first series' values, one slice per label) or scatter (each series' x and values as y). Written as .svg (vector), or .png/.jpg/.webp (rendered). Staged.
Inputs: type, labels (categories; pie slice names), series [{ name, values, x? }], title, xLabel, yLabel, legend, width, height, output, overwrite. Output: { path, format, width, height, bytes }.
Errors: INVALID_ARGUMENTS (no series; values not finite; a series longer or shorter than labels for bar/line/pie; pie values negative or all zero; scatter without x of the same length as values; output without .svg or an image extension, or existing without overwrite), PERMISSION_DENIED.`,
  parameters: z.object({
    type: z.enum(['bar', 'line', 'pie', 'scatter']).describe('the kind of chart'),
    labels: z.array(z.string()).max(1000).default([]).describe('category names along the x axis (bar, line) or slice names (pie)'),
    series: z
      .array(
        z.object({
          name: z.string().describe('series name, shown in the legend'),
          values: z.array(z.number()).max(100_000).describe('the values (y for scatter)'),
          x: z.array(z.number()).max(100_000).optional().describe('x values (scatter only)'),
        }),
      )
      .min(1)
      .max(20)
      .describe('the data'),
    title: z.string().max(200).optional().describe('chart title'),
    xLabel: z.string().max(100).optional().describe('x axis title'),
    yLabel: z.string().max(100).optional().describe('y axis title'),
    legend: z.boolean().default(true).describe('show a legend (with more than one series, or for pie)'),
    width: z.number().int().min(200).max(4000).default(900).describe('width in pixels'),
    height: z.number().int().min(150).max(4000).default(600).describe('height in pixels'),
    output: z.string().min(1).describe('the file to write (staged): .svg, .png, .jpg, .webp'),
    overwrite: outputFields.overwrite,
    quality: outputFields.quality,
  }),
  returns: writtenImage,
  examples: [
    `const c = await image.chart({ type: 'bar', title: 'Sales by quarter', labels: ['Q1', 'Q2', 'Q3', 'Q4'], series: [{ name: '2024', values: [120, 135, 150, 170] }, { name: '2025', values: [130, 160, 155, 190] }], yLabel: 'k$', output: 'charts/sales.png' });
log(c.path);`,
    `await image.chart({ type: 'pie', labels: ['rent', 'salaries', 'other'], series: [{ name: 'costs', values: [30, 60, 10] }], title: 'Costs', output: 'charts/costs.svg' });`,
  ],
  composition:
    'Read the numbers with xlsx.readRange or xlsx.aggregate, build labels and series in the program, chart them here; put the PNG into a deck or document where those APIs take images.',
  effects: 'stage',
  run: async (args, ctx) => {
    // The output path first: a bad path is reported as such, not as a complaint about the data.
    const asSvg = /\.svg$/i.test(args.output);
    if (asSvg) {
      await ctx.staging.resolve(args.output);
      if (!args.overwrite && (await existsInRun(ctx, args.output)))
        throw new ApiError('INVALID_ARGUMENTS', `${args.output} exists; pass overwrite: true to replace it`);
    } else await checkOutput(ctx, args);
    validate(args);
    const svg = chartSvg(args);
    if (asSvg) {
      const staged = await ctx.staging.stageFile(args.output, 'other');
      await writeFile(staged, svg);
      return { path: args.output, format: 'svg', width: args.width, height: args.height, bytes: Buffer.byteLength(svg) };
    }
    const image = /\.jpe?g$/i.test(args.output) ? fromSvg(svg).flatten({ background: '#ffffff' }) : fromSvg(svg);
    return writeImage(ctx, image, args, 'the chart');
  },
});

function validate(args: { type: string; labels: string[]; series: { name: string; values: number[]; x?: number[] }[] }): void {
  for (const s of args.series) {
    if (!s.values.length) throw new ApiError('INVALID_ARGUMENTS', `series "${s.name}" has no values`);
    if (s.values.some((v) => !Number.isFinite(v)) || s.x?.some((v) => !Number.isFinite(v)))
      throw new ApiError('INVALID_ARGUMENTS', `series "${s.name}" has a value that is not a finite number`);
    if (args.type === 'scatter') {
      if (!s.x || s.x.length !== s.values.length) throw new ApiError('INVALID_ARGUMENTS', `scatter series "${s.name}" needs x with as many numbers as values`);
    } else if (s.values.length !== args.labels.length) {
      throw new ApiError('INVALID_ARGUMENTS', `series "${s.name}" has ${s.values.length} values for ${args.labels.length} labels; give one label per value`);
    }
  }
  if (args.type === 'pie') {
    const values = args.series[0]!.values;
    if (values.some((v) => v < 0) || values.every((v) => v === 0)) throw new ApiError('INVALID_ARGUMENTS', 'pie values must be zero or more, and not all zero');
  }
}
