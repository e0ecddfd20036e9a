import type ExcelJSTypes from 'exceljs';
import { ApiError } from '../../../apis/sdk';
import { checkOfficeBytes } from './office-zip';
import { columnTypes } from './table-schema';
import type { CellValue, ReadLimits, TableSummary } from './types';
import { lazyModule } from '../../../apis/sdk/lazy-module';

// exceljs: loaded when an API first uses it, not when the core starts.
const ExcelJS = lazyModule<typeof ExcelJSTypes>('exceljs');

/** A cell's value as JSON: dates as ISO text, formulas as their cached result, rich text as plain text. */
export function cellJson(value: ExcelJSTypes.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('result' in value) return cellJson((value as ExcelJSTypes.CellFormulaValue).result as ExcelJSTypes.CellValue);
    if ('formula' in value || 'sharedFormula' in value) return null;
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
  }
  return String(value as unknown);
}

/**
 * Every sheet's header, schema, first rows and row count, read with exceljs's streaming reader so a
 * 100k-row workbook costs bounded memory (rows past the sample are only counted).
 */
export async function readXlsx(bytes: Buffer, name: string, limits: ReadLimits): Promise<TableSummary[]> {
  checkOfficeBytes(bytes, 'xlsx', name);
  const { Readable } = await import('node:stream');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  const tables: TableSummary[] = [];
  try {
    for await (const ws of reader) {
      let header: CellValue[] | undefined;
      const sample: CellValue[][] = [];
      let rows = 0;
      for await (const row of ws as unknown as AsyncIterable<ExcelJSTypes.Row>) {
        const values: CellValue[] = [];
        for (let c = 1; c <= row.cellCount; c++) values.push(cellJson(row.getCell(c).value));
        if (!header) {
          header = values;
          continue;
        }
        rows++;
        if (sample.length < limits.sampleRows) sample.push(values);
      }
      tables.push({ name: (ws as unknown as { name?: string }).name ?? `Sheet${tables.length + 1}`, rows, columns: columnTypes(header ?? [], sample), sample });
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    // exceljs's streaming reader fails when xl/workbook.xml comes after the sheets in the zip (exceljs's own
    // writer may order them so): read the whole workbook instead.
    try {
      return await readWhole(bytes, limits);
    } catch {
      throw new ApiError('INVALID_FILE', `${name} could not be read as a workbook: ${(error as Error).message}`);
    }
  }
  return tables;
}

async function readWhole(bytes: Buffer, limits: ReadLimits): Promise<TableSummary[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const rows: CellValue[][] = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      const values: CellValue[] = [];
      for (let c = 1; c <= row.cellCount; c++) values.push(cellJson(row.getCell(c).value));
      rows.push(values);
    });
    const [header = [], ...data] = rows;
    const sample = data.slice(0, limits.sampleRows);
    return { name: ws.name, rows: data.length, columns: columnTypes(header, sample), sample };
  });
}
