import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { promptText } from '../helpers/planner';
import { readXlsx, writeWorkbook } from '../helpers/scenario-files';
import { callsOf } from '../helpers/scenario-core';
import { officeScenarios } from '../helpers/scenario-table';

// Spreadsheet work through the real selector over every built-in office API; outputs read back with openpyxl.

const ORDERS = [
  ['Region', 'Product', 'Amount'],
  ['North', 'Widget', 120],
  ['South', 'Gadget', 80],
  ['North', 'Gadget', 45.5],
  ['East', 'Widget', 60],
  ['South', 'Widget', 30],
];

officeScenarios('office scenarios: sheets', [
  {
    name: 'total the amount per region into a new Summary sheet (pivot)',
    request: 'Total the Amount per Region in pivot-orders.xlsx into a Summary sheet',
    setup: async (env) => void (await writeWorkbook(join(env.root, 'pivot-orders.xlsx'), { Orders: ORDERS })),
    steps: [{ action: 'sum Amount per Region into a new Summary sheet', search: 'summarise a sheet by region pivot', modules: ['xlsx'] }],
    programs: [
      "const r = await xlsx.pivot({ path: 'pivot-orders.xlsx', rows: 'Region', value: { column: 'Amount', fn: 'sum' }, toSheet: 'Summary' });\nreturn { regions: r.rows };",
    ],
    toolbox: ['xlsx.pivot'],
    check: async (env) => {
      const book = await readXlsx(join(env.root, 'pivot-orders.xlsx'));
      expect(Object.keys(book)).toEqual(['Orders', 'Summary']);
      const rows = book.Summary!.slice(1).map((r) => [r[0], r[1]]);
      expect(rows.slice(0, 3)).toEqual([
        ['East', 60],
        ['North', 165.5],
        ['South', 110],
      ]);
      expect(book.Orders).toEqual(ORDERS);
    },
  },
  {
    name: 'sort the orders by amount, largest first, header kept on top',
    request: 'Sort sorted-orders.xlsx by Amount, largest first',
    setup: async (env) => void (await writeWorkbook(join(env.root, 'sorted-orders.xlsx'), { Orders: ORDERS })),
    steps: [{ action: 'sort the rows by Amount descending', search: 'sort rows by a column', modules: ['xlsx'] }],
    programs: ["return await xlsx.sortRows({ path: 'sorted-orders.xlsx', by: [{ column: 'Amount', descending: true }] });"],
    toolbox: ['xlsx.sortRows'],
    check: async (env) => {
      const rows = (await readXlsx(join(env.root, 'sorted-orders.xlsx'))).Orders!;
      expect(rows[0]).toEqual(['Region', 'Product', 'Amount']);
      expect(rows.slice(1).map((r) => r[2])).toEqual([120, 80, 60, 45.5, 30]);
    },
  },
  {
    name: 'auto mode: the selector finds xlsx.dedupe among every office API from the request alone',
    request: 'Remove the duplicate rows from contacts.xlsx (same Email)',
    mode: 'auto',
    setup: async (env) =>
      void (await writeWorkbook(join(env.root, 'contacts.xlsx'), {
        People: [
          ['Name', 'Email'],
          ['Ada', 'ada@example.com'],
          ['Lin', 'lin@example.com'],
          ['Ada L.', 'ada@example.com'],
          ['Bo', 'bo@example.com'],
        ],
      })),
    steps: [{ action: 'remove rows with a repeated Email', search: 'remove duplicate rows', modules: ['xlsx'] }],
    programs: ["const r = await xlsx.dedupe({ path: 'contacts.xlsx', columns: ['Email'] });\nreturn { removed: r.removed, remaining: r.remaining };"],
    toolbox: ['xlsx.dedupe'],
    check: async (env, t) => {
      const toolbox = t.events.find((e) => e.type === 'turn.toolbox');
      expect(toolbox && toolbox.type === 'turn.toolbox' && toolbox.apis[0]!.name).toBe('xlsx.dedupe');
      // Chosen among all the office APIs, within the declaration budget.
      expect(env.core.registry.listApis().length).toBeGreaterThan(40);
      expect(toolbox && toolbox.type === 'turn.toolbox' && toolbox.tokens).toBeLessThanOrEqual(toolbox && toolbox.type === 'turn.toolbox' ? toolbox.budget : 0);
      const rows = (await readXlsx(join(env.root, 'contacts.xlsx'))).People!;
      expect(rows.map((r) => r[0])).toEqual(['Name', 'Ada', 'Lin', 'Bo']);
    },
  },
  {
    name: "a question answered from data: nothing staged, the program's answer sentence leads the reply (no third call)",
    request: 'What is the total Amount in totals-orders.xlsx, and which region sells most?',
    setup: async (env) => void (await writeWorkbook(join(env.root, 'totals-orders.xlsx'), { Orders: ORDERS })),
    steps: [{ action: 'sum Amount overall and per Region', search: 'compute sums of a column per group', modules: ['xlsx'] }],
    programs: [
      "const all = await xlsx.aggregate({ path: 'totals-orders.xlsx', measures: [{ column: 'Amount', fn: 'sum' }] });\nconst per = await xlsx.aggregate({ path: 'totals-orders.xlsx', measures: [{ column: 'Amount', fn: 'sum' }], groupBy: 'Region' });\nconst best = per.groups.reduce((a, b) => ((a.values['sum(Amount)'] ?? 0) >= (b.values['sum(Amount)'] ?? 0) ? a : b));\nconst total = all.groups[0].values['sum(Amount)'];\nreturn { answer: 'The total Amount is ' + total + '; ' + best.key + ' sells most.', total, best: best.key };",
    ],
    summary: 'summed the Amount column',
    toolbox: ['xlsx.aggregate'],
    apply: false,
    check: async (env, t) => {
      expect(t.finished.artifacts).toEqual([]);
      const finished = t.runEvents.find((e) => e.type === 'run.finished');
      expect(finished && finished.type === 'run.finished' && finished.value).toMatchObject({ total: 335.5, best: 'North' });
      expect(t.finished.answer).toBe('The total Amount is 335.5; North sells most.\nNo files were staged.');
      expect(t.finished.statistics.llmCalls).toBe(2);
    },
  },
  {
    name: 'import a CSV as a sheet of a new workbook',
    request: 'Import scores.csv into a new workbook scores.xlsx',
    setup: async (env) => void (await writeFile(join(env.root, 'scores.csv'), 'Name,Score\nAda,91\nLin,78\nBo,85\n')),
    steps: [{ action: 'import scores.csv as a sheet of scores.xlsx', search: 'import a csv file into a workbook', modules: ['xlsx'] }],
    programs: ["const r = await xlsx.importCsv({ csvPath: 'scores.csv', path: 'scores.xlsx', sheet: 'Scores' });\nreturn { rows: r.rows };"],
    toolbox: ['xlsx.importCsv'],
    check: async (env) => {
      const book = await readXlsx(join(env.root, 'scores.xlsx'));
      expect(book.Scores).toEqual([
        ['Name', 'Score'],
        ['Ada', 91],
        ['Lin', 78],
        ['Bo', 85],
      ]);
    },
  },
  {
    name: 'create a typed expenses workbook with a totals row',
    request: "Create expenses.xlsx with this month's expenses (Rent 1200, Power 80, Internet 45) and a total",
    steps: [{ action: 'create expenses.xlsx with an Item and Cost table and a total', search: 'create a new workbook with a table', modules: ['xlsx'] }],
    programs: [
      "const r = await xlsx.createWorkbook({ path: 'expenses.xlsx', sheets: [{ name: 'Expenses', columns: [{ header: 'Item', type: 'string' }, { header: 'Cost', type: 'currency' }], rows: [['Rent', 1200], ['Power', 80], ['Internet', 45]], totals: [{ column: 'Cost', fn: 'SUM' }] }] });\nreturn r;",
    ],
    toolbox: ['xlsx.createWorkbook'],
    check: async (env) => {
      const rows = (await readXlsx(join(env.root, 'expenses.xlsx'))).Expenses!;
      expect(rows.slice(0, 4)).toEqual([
        ['Item', 'Cost'],
        ['Rent', 1200],
        ['Power', 80],
        ['Internet', 45],
      ]);
      expect(rows[4]![1]).toBe('=SUM(B2:B4)');
    },
  },
  {
    name: 'copy the North rows to their own sheet and export them as CSV',
    request: 'Export the North rows of north-orders.xlsx to north.csv',
    setup: async (env) => void (await writeWorkbook(join(env.root, 'north-orders.xlsx'), { Orders: ORDERS })),
    steps: [
      { action: 'copy the rows where Region is North to a new sheet', search: 'filter rows by a condition', modules: ['xlsx'] },
      { action: 'export that sheet as north.csv', search: 'export a sheet as csv', modules: ['xlsx'] },
    ],
    programs: [
      "await xlsx.filterRows({ path: 'north-orders.xlsx', where: [{ column: 'Region', op: '=', value: 'North' }], mode: 'copy', toSheet: 'North' });\nconst r = await xlsx.exportCsv({ path: 'north-orders.xlsx', sheet: 'North', csvPath: 'north.csv' });\nreturn { rows: r.rows };",
    ],
    toolbox: ['xlsx.filterRows', 'xlsx.exportCsv'],
    check: async (env) => {
      const csv = (await readFile(join(env.root, 'north.csv'), 'utf8')).trim().split(/\r?\n/);
      expect(csv).toEqual(['Region,Product,Amount', 'North,Widget,120', 'North,Gadget,45.5']);
      expect((await readXlsx(join(env.root, 'north-orders.xlsx'))).Orders).toEqual(ORDERS);
    },
  },
  {
    name: 'a runtime NOT_FOUND (a guessed sheet name) is repaired by describing the workbook first',
    request: 'Add a Total row under the amounts in q3.xlsx',
    setup: async (env) =>
      void (await writeWorkbook(join(env.root, 'q3.xlsx'), {
        'Q3 sales': [
          ['Month', 'Amount'],
          ['Jul', 100],
          ['Aug', 140],
          ['Sep', 90],
        ],
      })),
    steps: [
      { action: 'read the amounts in q3.xlsx', search: 'read cells from a sheet', modules: ['xlsx'] },
      { action: 'write a Total row with a SUM formula below them', search: 'write values and formulas into cells', modules: ['xlsx'] },
    ],
    programs: [
      "const data = await xlsx.readRange({ path: 'q3.xlsx', sheet: 'Sheet1' });\nconst end = data.rows.length;\nawait xlsx.writeCells({ path: 'q3.xlsx', sheet: 'Sheet1', cells: { ['A' + (end + 1)]: 'Total', ['B' + (end + 1)]: { formula: 'SUM(B2:B' + end + ')' } } });\nreturn { end };",
      "const data = await xlsx.readRange({ path: 'q3.xlsx' });\nconst end = data.rows.length;\nawait xlsx.writeCells({ path: 'q3.xlsx', sheet: data.sheet, cells: { ['A' + (end + 1)]: 'Total', ['B' + (end + 1)]: { formula: 'SUM(B2:B' + end + ')' } } });\nreturn { sheet: data.sheet, end };",
    ],
    toolbox: ['xlsx.readRange', 'xlsx.writeCells'],
    check: async (env, t) => {
      const repair = t.events.find((e) => e.type === 'turn.repair');
      expect(repair).toMatchObject({ kind: 'runtime' });
      expect(repair && repair.type === 'turn.repair' && repair.feedback).toMatch(/xlsx\.readRange.*NOT_FOUND/);
      expect(promptText(t.requests[2]!)).toMatch(/NOT_FOUND/);
      expect(callsOf(t)).toEqual([
        { api: 'xlsx.readRange', ok: false },
        { api: 'xlsx.readRange', ok: true },
        { api: 'xlsx.writeCells', ok: true },
      ]);
      const book = await readXlsx(join(env.root, 'q3.xlsx'));
      expect(Object.keys(book)).toEqual(['Q3 sales']);
      expect(book['Q3 sales']![4]).toEqual(['Total', '=SUM(B2:B4)']);
    },
  },
]);
