import type ExcelJS from 'exceljs';
import { ApiError } from '../../sdk';
import { columnLetters } from './io';
import type { SheetSpec } from './schemas';

const TYPE_FORMATS: Record<string, string | undefined> = { number: undefined, currency: '#,##0.00', percent: '0.0%', date: 'yyyy-mm-dd' };

type Input = string | number | boolean | null | { formula: string };

/** Converts one input value for a typed column (dates from ISO text, numbers from numeric text). */
function convert(value: Input | undefined, type: string): ExcelJS.CellValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object') return { formula: value.formula.replace(/^=/, '') } as ExcelJS.CellFormulaValue;
  if (type === 'date' && typeof value === 'string') {
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) throw new ApiError('INVALID_ARGUMENTS', `"${value}" is not a date (use ISO form, 2024-05-31)`);
    return date;
  }
  if ((type === 'number' || type === 'currency' || type === 'percent') && typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
    return Number(value);
  return value;
}

/** The rows of a spec as arrays in column order. */
export function rowArrays(spec: SheetSpec): ExcelJS.CellValue[][] {
  const keys = spec.columns.map((c) => c.key ?? c.header);
  return spec.rows.map((row) => {
    const values: Input[] = Array.isArray(row) ? row : keys.map((k) => row[k] ?? null);
    if (Array.isArray(row) && spec.columns.length > 0 && row.length > spec.columns.length) {
      throw new ApiError('INVALID_ARGUMENTS', `sheet ${spec.name}: a row has ${row.length} values for ${spec.columns.length} columns`);
    }
    return values.map((v, i) => convert(v, spec.columns[i]?.type ?? 'string'));
  });
}

/** Checks a spec before anything is staged; returns its rows as arrays. */
export function checkSpec(spec: SheetSpec): ExcelJS.CellValue[][] {
  for (const t of spec.totals) {
    if (!spec.columns.some((c) => c.header === t.column || c.key === t.column))
      throw new ApiError('NOT_FOUND', `totals: no column ${t.column} in sheet ${spec.name}`);
  }
  // Rules and validations raise here, before anything is staged (the streaming writer stages first).
  for (const cf of spec.conditionalFormats) conditionalRule(cf);
  for (const v of spec.validations) validationOf(v);
  return rowArrays(spec);
}

/** Writes a sheet spec into a worksheet (in-memory or streaming: both take columns, rows and views). */
export function buildSheet(ws: ExcelJS.Worksheet, spec: SheetSpec, streaming: boolean, rows: ExcelJS.CellValue[][] = checkSpec(spec)): number {
  if (spec.columns.length > 0) {
    ws.columns = spec.columns.map((c, i) => {
      const sample = rows.slice(0, 200).reduce((max, r) => Math.max(max, String(r[i] ?? '').length), 0);
      const numFmt = c.numFmt ?? TYPE_FORMATS[c.type];
      return {
        header: c.header,
        key: c.key ?? c.header,
        width: c.width ?? Math.min(60, Math.max(c.header.length, sample) + 2),
        ...(numFmt ? { style: { numFmt } } : {}),
      };
    });
    ws.getRow(1).font = { bold: true };
  }
  if (spec.freeze && !streaming) ws.views = frozenViews(spec);
  const width = Math.max(spec.columns.length, ...rows.map((r) => r.length), 1);
  if (spec.autoFilter && spec.columns.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: width } };
  for (const cf of spec.conditionalFormats) ws.addConditionalFormatting({ ref: cf.range, rules: [conditionalRule(cf)] });
  for (const v of spec.validations) addValidation(ws, v);
  if (spec.columns.length > 0 && streaming) ws.getRow(1).commit();
  for (const values of rows) {
    const row = ws.addRow(values);
    if (streaming) row.commit();
  }
  const lastData = rows.length + (spec.columns.length > 0 ? 1 : 0);
  if (spec.totals.length > 0) {
    const totals: ExcelJS.CellValue[] = new Array(width).fill(null);
    totals[0] = 'Total';
    for (const t of spec.totals) {
      const index = spec.columns.findIndex((c) => c.header === t.column || c.key === t.column);
      const letter = columnLetters(index + 1);
      totals[index] = { formula: `${t.fn}(${letter}2:${letter}${Math.max(2, lastData)})` } as ExcelJS.CellFormulaValue;
    }
    const row = ws.addRow(totals);
    row.font = { bold: true };
    if (streaming) row.commit();
  }
  return rows.length;
}

function conditionalRule(cf: SheetSpec['conditionalFormats'][number]): ExcelJS.ConditionalFormattingRule {
  const style = { fill: { type: 'pattern' as const, pattern: 'solid' as const, bgColor: { argb: `FF${cf.fill.replace('#', '')}` } } };
  const need = (): string | number => {
    if (cf.value === undefined) throw new ApiError('INVALID_ARGUMENTS', `conditional format ${cf.rule} on ${cf.range} needs a value`);
    return cf.value;
  };
  switch (cf.rule) {
    case 'colorScale':
      return {
        type: 'colorScale',
        priority: 1,
        cfvo: [{ type: 'min' }, { type: 'max' }],
        color: [{ argb: 'FFF8696B' }, { argb: 'FF63BE7B' }],
      } as ExcelJS.ConditionalFormattingRule;
    case 'dataBar':
      return {
        type: 'dataBar',
        priority: 1,
        cfvo: [{ type: 'min' }, { type: 'max' }],
        color: { argb: 'FF638EC6' },
      } as unknown as ExcelJS.ConditionalFormattingRule;
    case 'containsText':
      return { type: 'containsText', operator: 'containsText', text: String(need()), priority: 1, style } as ExcelJS.ConditionalFormattingRule;
    case 'between':
      if (cf.value2 === undefined) throw new ApiError('INVALID_ARGUMENTS', `between on ${cf.range} needs value and value2`);
      return { type: 'cellIs', operator: 'between', formulae: [need(), cf.value2], priority: 1, style } as ExcelJS.ConditionalFormattingRule;
    default:
      return {
        type: 'cellIs',
        operator: cf.rule,
        formulae: [typeof need() === 'string' ? `"${cf.value}"` : need()],
        priority: 1,
        style,
      } as ExcelJS.ConditionalFormattingRule;
  }
}

function addValidation(ws: ExcelJS.Worksheet, v: SheetSpec['validations'][number]): void {
  (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(v.range, validationOf(v));
}

function validationOf(v: SheetSpec['validations'][number]): ExcelJS.DataValidation {
  const base = { allowBlank: true, showErrorMessage: true, ...(v.message ? { error: v.message, errorTitle: 'Not allowed' } : {}) };
  let validation: ExcelJS.DataValidation;
  if (v.type === 'list') {
    if (!v.values?.length) throw new ApiError('INVALID_ARGUMENTS', `list validation on ${v.range} needs values`);
    // Excel's inline list is one quoted, comma-separated formula of at most 255 characters.
    if (v.values.some((x) => /[,"]/.test(x)) || v.values.join(',').length > 255) {
      throw new ApiError('INVALID_ARGUMENTS', `list validation on ${v.range}: values may not contain commas or quotes and must total at most 255 characters`);
    }
    validation = { ...base, type: 'list', formulae: [`"${v.values.join(',')}"`] };
  } else {
    const bounds =
      v.min !== undefined && v.max !== undefined
        ? { operator: 'between' as const, formulae: [v.min, v.max] }
        : v.min !== undefined
          ? { operator: 'greaterThanOrEqual' as const, formulae: [v.min] }
          : { operator: 'lessThanOrEqual' as const, formulae: [v.max ?? 0] };
    validation = { ...base, type: v.type === 'date' ? 'date' : v.type, ...bounds } as ExcelJS.DataValidation;
  }
  return validation;
}

/** Frozen-pane views of a spec (the streaming writer takes them when the sheet is added). */
export function frozenViews(spec: SheetSpec): Partial<ExcelJS.WorksheetView>[] {
  return spec.freeze ? [{ state: 'frozen', xSplit: spec.freeze.columns, ySplit: spec.freeze.rows }] : [];
}
