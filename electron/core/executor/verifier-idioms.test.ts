import { afterAll, describe, expect, it } from 'vitest';
import { officeDocuments } from '../../../test/helpers/office-docs';
import { Verifier } from './verifier';

/**
 * Idiomatic JavaScript that runs correctly must pass the checker (issue 13: false refusals cost repair
 * rounds). Each program below is what a capable model writes for an office task; each runs as written.
 */
const docs = officeDocuments();
const verifier = new Verifier();
afterAll(() => verifier.dispose());

export const IDIOMS: Record<string, string> = {
  'regex match index and groups': `const { text } = await fs.readText({ path: 'notes.txt' });
const m = /Total: (\\d+)/.exec(text);
const at = m.index;
return { answer: 'The total is ' + m[1] + ' at ' + at + '.' };`,
  'find() result used directly': `const r = await xlsx.readRange({ path: 'scores.xlsx' });
const ben = r.rows.find((row) => row[0] === 'Ben');
return { answer: 'Ben scored ' + ben[1] + '.' };`,
  'map lookup with get()': `const r = await xlsx.readRange({ path: 'scores.xlsx' });
const by = new Map();
for (const row of r.rows.slice(1)) by.set(String(row[0]), Number(row[1]));
const total = by.get('Ada') + by.get('Ben');
return { answer: 'Together ' + total + '.', total };`,
  'string match()': `const { text } = await fs.readText({ path: 'notes.txt' });
const dates = text.match(/\\d{4}-\\d{2}-\\d{2}/g);
return { answer: 'Found ' + dates.length + ' dates.' };`,
  'array index after sort': `const { entries } = await fs.list({ path: '.' });
const newest = entries.filter((e) => e.type === 'file').sort((a, b) => b.modified.localeCompare(a.modified))[0];
return { answer: 'The newest file is ' + newest.path + '.' };`,
  'object built up with keys': `const r = await xlsx.readRange({ path: 'scores.xlsx' });
const totals = {};
for (const row of r.rows.slice(1)) totals[row[0]] = (totals[row[0]] || 0) + Number(row[1]);
return { answer: Object.keys(totals).length + ' people.', totals };`,
  'try/catch on an API error code': `try {
  await fs.readText({ path: 'missing.txt' });
} catch (e) {
  if (e.code === 'NOT_FOUND') return { answer: 'There is no missing.txt.' };
  throw e;
}
return { answer: 'It exists.' };`,
  'writes a docx from rows': `const r = await xlsx.readRange({ path: 'scores.xlsx' });
const [header, ...rows] = r.rows;
await docx.createDocument({ path: 'scores.docx', blocks: [{ type: 'heading', text: 'Scores', level: 1 }, { type: 'table', header: header.map(String), rows: rows.map((row) => row.map(String)) }] });
return { answer: 'Wrote scores.docx.' };`,
  'optional chaining and nullish defaults': `const r = await xlsx.readRange({ path: 'scores.xlsx', maxRows: 10000 });
const first = r.rows[1]?.[1] ?? 0;
return { answer: 'First score ' + first + '.' };`,
  'split lines and parse numbers': `const { text } = await fs.readText({ path: 'list.csv' });
const values = text.trim().split('\\n').slice(1).map((line) => Number(line.split(',')[1]));
const sum = values.reduce((a, b) => a + b, 0);
await fs.writeText({ path: 'sum.txt', text: String(sum), overwrite: true });
return { answer: 'The sum is ' + sum + '.' };`,
};

describe('the checker accepts idiomatic programs that run', () => {
  for (const [name, program] of Object.entries(IDIOMS)) {
    it(name, () => {
      const result = verifier.verify(program, docs);
      expect(result.text).toBe('');
      expect(result.ok).toBe(true);
    });
  }

  it('still refuses what would fail at run time: an unknown API, a wrong field, a missing required field', () => {
    expect(verifier.verify("await xlsx.readRanges({ path: 'a.xlsx' });", docs).ok).toBe(false);
    expect(verifier.verify("await xlsx.readRange({ file: 'a.xlsx' });", docs).ok).toBe(false);
    expect(verifier.verify("await fs.writeText({ path: 'a.txt' });", docs).ok).toBe(false);
    expect(verifier.verify("await xlsx.readRange({ path: 'a.xlsx', maxRows: 'all' });", docs).ok).toBe(false);
  });
});
