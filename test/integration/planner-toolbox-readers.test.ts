import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outlineReply, programReply, promptText } from '../helpers/planner';
import { officeScenarioCore, scriptedTurn, type OfficeScenarioEnv } from '../helpers/scenario-core';
import { writeWorkbook } from '../helpers/scenario-files';

/**
 * Issue 13, run D: a plan whose steps search for aggregating, filtering, calendars and PDFs must still
 * offer the spreadsheet's reader (declared or under More APIs) and the fs APIs the rules point to.
 * Real packs, selector, verifier and sandbox; only the model is scripted.
 */

let env: OfficeScenarioEnv;

beforeAll(async () => {
  env = await officeScenarioCore();
  await mkdir(join(env.root, 'data'));
  await writeWorkbook(join(env.root, 'data', 'score.xlsx'), {
    Sheet1: [
      ['Name', 'midterm1', 'midterm2'],
      ['Liam', 74, 72],
      ['Ivy', 64, 90],
      ['Alice', 78, 75],
      ['Jack', 71, 73],
      ['Eve', 95, 91],
    ],
  });
}, 120_000);

afterAll(async () => {
  await env?.close();
});

const STEPS = [
  {
    action: 'Rank the students in data/score.xlsx by midterm1 + midterm2 and take the top three',
    search: 'sum columns group by aggregate top rows',
    modules: ['xlsx'],
  },
  { action: 'Find a free hour for Bob and the three students', search: 'find free time in calendars', modules: ['calendar'] },
  { action: 'Add a reward meeting to their calendars', search: 'create calendar event', modules: ['calendar'] },
  { action: 'Write the reward statement to data/statement.pdf', search: 'write text to pdf', modules: ['pdf'] },
];

const PROGRAM = `const r = await xlsx.readRange({ path: 'data/score.xlsx' });
const ranked = r.rows.slice(1).map((row) => ({ name: String(row[0]), total: Number(row[1]) + Number(row[2]) })).sort((a, b) => b.total - a.total).slice(0, 3);
return { answer: 'The top three are ' + ranked.map((s) => s.name + ' (' + s.total + ')').join(', ') + '.' };`;

describe('a toolbox for a plan that aggregates, schedules and writes a PDF', () => {
  it('offers xlsx.readRange and the fs readers in the program prompt, and a program calling readRange runs', async () => {
    const t = await scriptedTurn(env, {
      request: 'schedule a reward meeting with the top-three students, write a reward statement in statement.pdf',
      chat: [outlineReply(STEPS), programReply(PROGRAM)],
    });
    const prompt = promptText(t.requests[1]!);
    const more = prompt.slice(prompt.indexOf('More APIs'));
    const declaredReadRange = /declare namespace xlsx \{[\s\S]*?function readRange\(/.test(prompt);
    expect(declaredReadRange || /^- xlsx\.readRange\(\{path: string/m.test(more), 'xlsx.readRange is declared or under More APIs').toBe(true);
    expect(prompt.includes('More APIs')).toBe(true);
    expect(more).toMatch(/^- fs\.list\(/m);
    expect(more).toMatch(/^- fs\.search\(/m);
    // The placement rule no longer reads as forbidding events and mail.
    expect(prompt).toContain('Calendar events and mail are not such files: their APIs place them.');
    expect(t.finished.status).toBe('completed');
    expect(t.finished.answer).toMatch(/^The top three are Eve \(186\), Ivy \(154\), Alice \(153\)\./);
    expect(t.toolbox).toContain('xlsx.readRange');
  });
});
