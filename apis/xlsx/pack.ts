import { definePack } from '../sdk';
import { addChart } from './add-chart';
import { aggregate } from './aggregate';
import { createWorkbook } from './create-workbook';
import { dedupe } from './dedupe';
import { defineName } from './define-name';
import { deleteColumns } from './delete-columns';
import { deleteRows } from './delete-rows';
import { describeWorkbook } from './describe-workbook';
import { exportCsv } from './export-csv';
import { filterRows } from './filter-rows';
import { importCsv } from './import-csv';
import { insertColumns } from './insert-columns';
import { insertRows } from './insert-rows';
import { pivot } from './pivot';
import { readRange } from './read-range';
import { sortRows } from './sort-rows';
import { writeCells } from './write-cells';

export const xlsxPack = definePack({
  name: 'xlsx',
  version: '1.0.0',
  description:
    'Excel workbooks (.xlsx) with exceljs: create typed tables with formats, formulas, frozen panes, filters, conditional formatting, validation and named ranges; read by range; edit rows and columns, sort, filter, aggregate, pivot into a new sheet, de-duplicate; CSV import and export; streaming write and read for 100k+ rows. Native charts (bar, column, line, pie, scatter, area) from a range with xlsx.addChart; other edits keep them. Every write is staged and reaches the disk at Apply.',
  apis: [
    createWorkbook,
    describeWorkbook,
    readRange,
    writeCells,
    insertRows,
    deleteRows,
    insertColumns,
    deleteColumns,
    sortRows,
    filterRows,
    aggregate,
    pivot,
    dedupe,
    importCsv,
    exportCsv,
    defineName,
    addChart,
  ],
});
