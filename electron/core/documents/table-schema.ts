import type { CellValue, ColumnType } from './types';

/** Column types from a sample: the one type every non-empty value has, else mixed. */
export function columnTypes(header: CellValue[], sample: CellValue[][]): { name: string; type: ColumnType }[] {
  const width = Math.max(header.length, ...sample.map((r) => r.length), 0);
  return Array.from({ length: width }, (_, c) => {
    const types = new Set<ColumnType>();
    for (const row of sample) {
      const v = row[c] ?? null;
      if (v === null || v === '') continue;
      types.add(typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/.test(v) ? 'date' : 'text');
    }
    const type: ColumnType = types.size === 0 ? 'empty' : types.size === 1 ? [...types][0]! : 'mixed';
    return { name: String(header[c] ?? `Column ${c + 1}`), type };
  });
}
