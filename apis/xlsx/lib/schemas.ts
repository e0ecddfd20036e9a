import { z } from 'zod';

/** Shared parameter shapes of the xlsx pack (one source for docs, validation and declarations). */

export const workbookPath = z.string().min(1).describe('the .xlsx file, relative to the first granted folder or absolute inside a granted folder');
export const sheetName = z.string().min(1).max(31).optional().describe('sheet name; the first sheet when omitted');
export const headerRow = z.number().int().min(1).default(1).describe('row that holds the column headers');
export const columnRef = z.string().min(1).describe('a column, by its header text (e.g. "Amount") or its letter (e.g. "C")');

export const cellInput = z
  .union([z.string(), z.number(), z.boolean(), z.null(), z.object({ formula: z.string().describe('formula without the leading =, e.g. SUM(B2:B9)') })])
  .describe('a value, or { formula } for a formula; ISO dates (2024-05-31) stay text unless the column type is date');

export const columnSpec = z.object({
  header: z.string().describe('header text in the first row'),
  key: z.string().optional().describe('property name in object rows; defaults to the header'),
  type: z
    .enum(['string', 'number', 'date', 'boolean', 'currency', 'percent'])
    .default('string')
    .describe('how values are stored and the default number format'),
  numFmt: z.string().optional().describe('Excel number format, e.g. "#,##0.00", "yyyy-mm-dd", "0.0%"; overrides the type default'),
  width: z.number().min(1).max(255).optional().describe('column width in characters; fitted to the content when omitted'),
});

export const conditionalFormat = z.object({
  range: z.string().describe('cells to format, e.g. C2:C100'),
  rule: z.enum(['greaterThan', 'lessThan', 'between', 'equal', 'colorScale', 'dataBar', 'containsText']).describe('the condition'),
  value: z.union([z.number(), z.string()]).optional().describe('threshold or text (not used by colorScale/dataBar)'),
  value2: z.number().optional().describe('upper bound for between'),
  fill: z.string().default('FFC7CE').describe('fill colour as RRGGBB hex when the condition holds'),
});

export const validation = z.object({
  range: z.string().describe('cells to validate, e.g. D2:D500'),
  type: z.enum(['list', 'whole', 'decimal', 'date', 'textLength']).describe('what is allowed'),
  values: z.array(z.string()).optional().describe('allowed entries for a list'),
  min: z.number().optional().describe('lower bound (whole, decimal, textLength)'),
  max: z.number().optional().describe('upper bound (whole, decimal, textLength)'),
  message: z.string().optional().describe('error text shown when a person types something else'),
});

export const sheetSpec = z.object({
  name: z.string().min(1).max(31).describe('sheet name (at most 31 characters, no []:*?/\\)'),
  columns: z.array(columnSpec).default([]).describe('columns in order; they make the bold header row'),
  rows: z
    .array(z.union([z.array(cellInput), z.record(z.string(), cellInput)]))
    .default([])
    .describe('data rows: arrays in column order, or objects keyed by column key/header; { formula } for formulas'),
  freeze: z
    .object({ rows: z.number().int().min(0).default(1), columns: z.number().int().min(0).default(0) })
    .optional()
    .describe('frozen panes; { rows: 1 } freezes the header'),
  autoFilter: z.boolean().default(false).describe('add filter buttons to the header row'),
  conditionalFormats: z.array(conditionalFormat).default([]).describe('conditional formatting rules'),
  validations: z.array(validation).default([]).describe('data validation rules'),
  totals: z
    .array(
      z.object({
        column: z.string().describe('header of a number column'),
        fn: z.enum(['SUM', 'AVERAGE', 'MIN', 'MAX', 'COUNT']).default('SUM').describe('aggregate function'),
      }),
    )
    .default([])
    .describe('a totals row of formulas under the data'),
});
export type SheetSpec = z.output<typeof sheetSpec>;
