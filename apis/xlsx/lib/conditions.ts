import type ExcelJS from 'exceljs';
import { z } from 'zod';
import { cellJson, resolveColumn, type CellJson } from './io';
import { columnRef } from './schemas';

export const condition = z.object({
  column: columnRef,
  op: z.enum(['=', '!=', '>', '>=', '<', '<=', 'contains', 'startsWith', 'empty', 'notEmpty']).describe('comparison; text comparisons ignore case'),
  value: z.union([z.string(), z.number(), z.boolean()]).optional().describe('the value compared against (not used by empty/notEmpty)'),
});
export type Condition = z.output<typeof condition>;

export const where = z.array(condition).default([]).describe('conditions that must all hold (AND); empty means every row');

function compare(a: CellJson, b: string | number | boolean): number {
  if (typeof a === 'number' && (typeof b === 'number' || (typeof b === 'string' && b.trim() !== '' && !Number.isNaN(Number(b))))) return a - Number(b);
  return String(a ?? '')
    .toLowerCase()
    .localeCompare(String(b).toLowerCase());
}

export function test(value: CellJson, c: Condition): boolean {
  const text = String(value ?? '').toLowerCase();
  switch (c.op) {
    case 'empty':
      return value === null || value === '';
    case 'notEmpty':
      return !(value === null || value === '');
    case 'contains':
      return text.includes(String(c.value ?? '').toLowerCase());
    case 'startsWith':
      return text.startsWith(String(c.value ?? '').toLowerCase());
    default: {
      if (c.value === undefined) return false;
      const d = compare(value, c.value);
      return c.op === '=' ? d === 0 : c.op === '!=' ? d !== 0 : c.op === '>' ? d > 0 : c.op === '>=' ? d >= 0 : c.op === '<' ? d < 0 : d <= 0;
    }
  }
}

/** A predicate over a row for conditions naming columns of `ws`. */
export function predicate(ws: ExcelJS.Worksheet, conditions: Condition[], headerRow: number): (row: ExcelJS.Row) => boolean {
  const resolved = conditions.map((c) => ({ c, index: resolveColumn(ws, c.column, headerRow) }));
  return (row) => resolved.every(({ c, index }) => test(cellJson(row.getCell(index).value), c));
}

/** Raw values of the data rows (below the header), keeping types, and the sheet width. */
export function rawRows(ws: ExcelJS.Worksheet, headerRow: number): { rows: ExcelJS.Row[]; width: number } {
  const rows: ExcelJS.Row[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (row.hasValues) rows.push(row);
  }
  return { rows, width: ws.columnCount };
}

/** Rewrites the data area with `values` (row arrays), clearing rows left over. */
export function rewriteRows(ws: ExcelJS.Worksheet, headerRow: number, values: ExcelJS.CellValue[][], width: number): void {
  const old = ws.rowCount - headerRow;
  values.forEach((v, i) => {
    const row = ws.getRow(headerRow + 1 + i);
    for (let c = 1; c <= width; c++) row.getCell(c).value = v[c - 1] ?? null;
  });
  if (old > values.length) ws.spliceRows(headerRow + 1 + values.length, old - values.length);
}

export function valuesOf(row: ExcelJS.Row, width: number): ExcelJS.CellValue[] {
  const out: ExcelJS.CellValue[] = [];
  for (let c = 1; c <= width; c++) {
    const cell = row.getCell(c);
    const v = cell.value;
    // A shared-formula clone cannot move away from its master: keep it as its own (translated) formula.
    out.push(
      v && typeof v === 'object' && 'sharedFormula' in v
        ? ({ formula: cell.formula, result: (v as { result?: unknown }).result } as ExcelJS.CellFormulaValue)
        : v,
    );
  }
  return out;
}
