import { z } from 'zod';
import { PRESETS, colorsSchema, fontsSchema } from './theme';

const color = z
  .string()
  .regex(/^#?[0-9a-fA-F]{6}$/, 'a colour is six hex digits such as 1F4E79')
  .transform((c) => c.replace('#', '').toUpperCase());

export const textStyleSchema = z
  .object({
    fontSize: z.number().min(6).max(120).optional().describe('points'),
    bold: z.boolean().optional().describe('bold text'),
    italic: z.boolean().optional().describe('italic text'),
    underline: z.boolean().optional().describe('underlined text'),
    color: color.optional().describe('hex RGB such as C00000; default the theme text colour'),
    font: z.string().min(1).max(64).optional().describe('font name; default the theme font'),
    align: z.enum(['left', 'center', 'right']).optional().describe('paragraph alignment'),
  })
  .describe('text styling');
export type TextStyle = z.output<typeof textStyleSchema>;

export const bulletSchema = z.union([
  z.string().max(2000),
  z.object({
    text: z.string().max(2000).describe('the bullet text'),
    level: z.number().int().min(0).max(4).default(0).describe('indent level, 0 = top'),
    bold: z.boolean().optional().describe('bold text'),
    italic: z.boolean().optional().describe('italic text'),
    color: color.optional().describe('hex RGB'),
  }),
]);
export type Bullet = z.output<typeof bulletSchema>;

const bullets = z.array(bulletSchema).max(40);

const common = {
  notes: z.string().max(20_000).optional().describe('speaker notes'),
  background: color.optional().describe('slide background colour (hex RGB); default the theme background'),
};

export const chartSchema = z
  .object({
    type: z
      .enum(['bar', 'column', 'line', 'pie', 'doughnut', 'scatter', 'area'])
      .describe('chart kind: bar (horizontal), column (vertical bars), line, pie, doughnut, scatter (x/y points), area'),
    categories: z.array(z.string().max(200)).max(500).optional().describe('category labels (x axis; pie slices); not used by scatter'),
    series: z
      .array(
        z.object({
          name: z.string().max(200).describe('series name shown in the legend'),
          values: z.array(z.number()).min(1).max(5000).describe('one value per category (the y values for scatter)'),
          x: z.array(z.number()).max(5000).optional().describe('scatter only: the x value of each point'),
        }),
      )
      .min(1)
      .max(20)
      .describe('data series'),
    showLegend: z.boolean().default(true).describe('show the legend'),
    showValues: z.boolean().default(false).describe('print each value on the chart'),
    xTitle: z.string().max(200).optional().describe('x axis title'),
    yTitle: z.string().max(200).optional().describe('y axis title'),
  })
  .describe('a chart built from data');
export type ChartSpec = z.output<typeof chartSchema>;

const cell = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);

export const slideSchema = z.discriminatedUnion('layout', [
  z
    .object({
      layout: z.literal('title'),
      title: z.string().max(500).describe('deck title'),
      subtitle: z.string().max(1000).optional().describe('subtitle, author or date'),
      ...common,
    })
    .describe('a title slide'),
  z
    .object({
      layout: z.literal('bullets'),
      title: z.string().max(500).describe('slide title'),
      bullets: bullets.describe('bullet points: strings, or { text, level, bold, italic, color }'),
      style: textStyleSchema.optional().describe('styling for every bullet'),
      ...common,
    })
    .describe('a title with bullet points'),
  z
    .object({
      layout: z.literal('twoColumn'),
      title: z.string().max(500).describe('slide title'),
      left: bullets.describe('left column bullets'),
      right: bullets.describe('right column bullets'),
      leftHeading: z.string().max(200).optional().describe('heading over the left column'),
      rightHeading: z.string().max(200).optional().describe('heading over the right column'),
      style: textStyleSchema.optional().describe('styling for the bullets'),
      ...common,
    })
    .describe('a title and two columns of bullets'),
  z
    .object({
      layout: z.literal('section'),
      title: z.string().max(500).describe('section name'),
      subtitle: z.string().max(1000).optional().describe('one line under it'),
      ...common,
    })
    .describe('a section header'),
  z
    .object({
      layout: z.literal('image'),
      title: z.string().max(500).optional().describe('slide title'),
      image: z.string().min(1).max(4096).describe('path of a PNG, JPEG or GIF inside a granted folder (relative to the first)'),
      caption: z.string().max(1000).optional().describe('caption under the image'),
      ...common,
    })
    .describe('an image scaled to fit, keeping its aspect ratio'),
  z.object({ layout: z.literal('chart'), title: z.string().max(500).describe('slide title'), chart: chartSchema, ...common }).describe('a title and a chart'),
  z
    .object({
      layout: z.literal('table'),
      title: z.string().max(500).describe('slide title'),
      columns: z.array(z.string().max(200)).max(30).optional().describe('header row'),
      rows: z.array(z.array(cell).max(30)).max(200).describe('table rows (cells: text, numbers, booleans, null)'),
      style: textStyleSchema.optional().describe('styling for the cells'),
      ...common,
    })
    .describe('a title and a table'),
  z
    .object({
      layout: z.literal('quote'),
      quote: z.string().max(2000).describe('the quotation'),
      author: z.string().max(300).optional().describe('who said it'),
      ...common,
    })
    .describe('a large quotation'),
  z.object({ layout: z.literal('blank'), ...common }).describe('an empty slide'),
]);
export type SlideSpec = z.output<typeof slideSchema>;

export const slidesSchema = z.array(slideSchema).min(1).max(1000);

export const themeSchema = z
  .object({
    preset: z
      .enum(Object.keys(PRESETS) as [keyof typeof PRESETS, ...(keyof typeof PRESETS)[]])
      .default('office')
      .describe('colour preset: office, dark, ocean, forest, sunset, mono'),
    colors: colorsSchema.optional(),
    fonts: fontsSchema.optional(),
  })
  .describe('deck theme: a preset, optionally with colour and font overrides');
