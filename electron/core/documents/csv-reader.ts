import { csvValue, parseCsv } from '../../../apis/sdk';
import { columnTypes } from './table-schema';
import type { ReadLimits, TableSummary } from './types';

/** A CSV as one table: header, schema, the first rows and the row count. */
export function readCsv(text: string, name: string, limits: ReadLimits): TableSummary[] {
  const rows = parseCsv(text).filter((r) => r.some((v) => v.trim() !== ''));
  const [header = [], ...data] = rows;
  const sample = data.slice(0, limits.sampleRows).map((r) => r.map(csvValue));
  return [{ name: name.replace(/\.[^.]+$/, ''), rows: data.length, columns: columnTypes(header, sample), sample }];
}
