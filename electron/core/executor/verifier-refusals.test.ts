import { afterAll, describe, expect, it } from 'vitest';
import { officeDocuments } from '../../../test/helpers/office-docs';
import { Verifier } from './verifier';

/**
 * The checker's refusals over the shapes live-model programs take (issue 13). False refusals (the program
 * runs correctly as JavaScript) must pass; true refusals (it would fail at run time: an unknown API, a wrong
 * argument shape, a missing required field) must still be refused, also when written in the same shapes.
 * Measured over the live runs with `npx tsx test/bench/verifier-refusals.ts /work/runs/after /work/runs/after-b`.
 */
const docs = officeDocuments();
const verifier = new Verifier();
afterAll(() => verifier.dispose());

const RUNS: Record<string, string> = {
  'cells built up by key, then written': `const r = await xlsx.readRange({ path: 'stock.xlsx' });
const cells = {};
for (let i = 1; i < r.rows.length; i++) cells['C' + (i + 1)] = Number(r.rows[i][1]) * 2;
await xlsx.writeCells({ path: 'stock.xlsx', cells });
return { answer: 'Doubled the stock into column C.' };`,
  'cells built up by property': `const cells = {};
cells.A1 = 'Total';
cells.B1 = { formula: 'SUM(B2:B9)' };
await xlsx.writeCells({ path: 'stock.xlsx', cells });
return { answer: 'Added the total.' };`,
  'computed-key object given a number later': `const col = 'D';
const cells = { [col + '1']: 'Price' };
cells[col + '2'] = 3.5;
await xlsx.writeCells({ path: 'stock.xlsx', sheet: 'Sheet1', cells });
return { answer: 'Added prices.' };`,
  'a row of a name and numbers by concat': `const people = [{ name: 'Ada', marks: [91, 88] }];
const rows = people.map((p) => [p.name].concat(p.marks));
await xlsx.createWorkbook({ path: 'marks.xlsx', sheets: [{ name: 'Marks', rows }] });
return { answer: 'Wrote marks.xlsx.' };`,
  'a row started with a name and pushed a number': `const row = ['Ada'];
row.push(91);
await xlsx.createWorkbook({ path: 'marks.xlsx', sheets: [{ name: 'Marks', rows: [row] }] });
return { answer: 'Wrote marks.xlsx.' };`,
  'blocks started with a heading and pushed paragraphs': `const blocks = [{ type: 'heading', text: 'Notes', level: 1 }];
for (const line of ['one', 'two']) blocks.push({ type: 'paragraph', text: line });
await docx.createDocument({ path: 'notes.docx', blocks });
return { answer: 'Wrote notes.docx.' };`,
};

const FAILS: Record<string, string> = {
  'arguments built up by property with a wrong field name': `const args = {};
args.file = 'stock.xlsx';
await xlsx.readRange(args);`,
  'computed-key arguments missing the required path': `const key = 'sheet';
const args = { [key]: 'Sheet1' };
await xlsx.readRange(args);`,
  'an unknown API next to a built-up object': `const cells = {};
cells.A1 = 1;
await xlsx.writeCell({ path: 'a.xlsx', cells });`,
  'a cell value of a wrong shape': `await xlsx.writeCells({ path: 'a.xlsx', cells: { A1: { sum: 'B2:B9' } } });`,
  'a required field missing from a literal': `await fs.writeText({ path: 'a.txt' });`,
  'a wrong field on a literal': `await xlsx.readRange({ file: 'a.xlsx' });`,
  'a string where a number is wanted': `await xlsx.readRange({ path: 'a.xlsx', maxRows: 'all' });`,
};

describe('false refusals: programs that run pass the checker', () => {
  for (const [name, program] of Object.entries(RUNS)) {
    it(name, () => {
      const result = verifier.verify(program, docs);
      expect(result.text).toBe('');
    });
  }
});

describe('true refusals: programs that would fail at run time are still refused', () => {
  for (const [name, program] of Object.entries(FAILS)) {
    it(name, () => {
      expect(verifier.verify(program, docs).ok).toBe(false);
    });
  }
});
