import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outlineReply, programReply, promptText, stepOf } from '../helpers/planner';
import { officeScenarioCore, scriptedTurn, type OfficeScenarioEnv } from '../helpers/scenario-core';
import { writeWorkbook } from '../helpers/scenario-files';

/**
 * Issue 13 against the real built-in packs, selector, verifier and sandbox, only the model scripted:
 * the workspace the model is shown, a toolbox that grows, repairs with the whole program, honest outcomes.
 */

let env: OfficeScenarioEnv;

beforeAll(async () => {
  env = await officeScenarioCore();
  await mkdir(join(env.root, 'data'));
  await mkdir(join(env.root, 'notes'));
  await writeWorkbook(join(env.root, 'data', 'scores.xlsx'), {
    Scores: [
      ['Name', 'Score'],
      ['Ada', 91],
      ['Ben', 78],
    ],
  });
  await writeFile(join(env.root, 'data', 'readme.txt'), 'Scores of the spring term.');
}, 120_000);

afterAll(async () => {
  await env?.close();
});

const READ_STEP = [{ action: 'read the scores from data/scores.xlsx', search: 'read spreadsheet cells', modules: ['xlsx'] }];

describe('the turn a real model can finish', () => {
  it('a loose file name: both prompts show the granted folders and the reader summary of "the score excel file"', async () => {
    const program =
      "const r = await xlsx.readRange({ path: 'data/scores.xlsx' });\nconst total = r.rows.slice(1).reduce((n, row) => n + Number(row[1]), 0);\nreturn { answer: `The scores add up to ${total}.`, total };";
    const t = await scriptedTurn(env, {
      request: 'Add up the scores in the score excel file',
      chat: [outlineReply(READ_STEP), programReply(program, 'adds the scores')],
    });
    expect(t.requests.map(stepOf)).toEqual(['outline', 'program']);
    for (const request of t.requests) {
      const text = promptText(request);
      expect(text).toContain('data/scores.xlsx (xlsx,');
      expect(text).toContain('notes/');
      // The document reader's summary of the workbook: its sheet, header and first rows.
      expect(text).toMatch(/data\/scores\.xlsx: xlsx, \d+ bytes\. Sheet "Scores": 2 rows; columns Name \(text\), Score \(number\)/);
    }
    expect(t.finished.status).toBe('completed');
    expect(t.finished.answer).toMatch(/^The scores add up to 169\./);
    // The program's answer sentence is the answer: no third model call to write one.
    expect(t.finished.statistics.llmCalls).toBe(2);
  });

  it('a call to an installed API the toolbox lacks joins it and is checked again without a repair round', async () => {
    const program =
      "const r = await xlsx.readRange({ path: 'data/scores.xlsx' });\nawait fs.writeText({ path: 'notes/answer.txt', text: String(r.rows.length) });\nreturn { answer: 'Wrote the row count to notes/answer.txt.' };";
    const t = await scriptedTurn(env, {
      request: 'Write how many rows the score sheet has into notes/answer.txt',
      chat: [outlineReply(READ_STEP), programReply(program)],
    });
    expect(t.toolbox).toContain('fs.writeText');
    const diagnostics = t.events.filter((e) => e.type === 'turn.diagnostics');
    expect(diagnostics.map((d) => d.type === 'turn.diagnostics' && d.ok)).toEqual([true]);
    expect(t.finished.statistics).toMatchObject({ llmCalls: 2, repairs: 0 });
    expect(t.finished.status).toBe('completed');
    await env.core.executor.apply(t.finished.runId!);
    expect(await readFile(join(env.root, 'notes', 'answer.txt'), 'utf8')).toBe('3');
  });

  it('the toolbox brings the chosen module its reading APIs, and notes never name an undeclared API', async () => {
    const step = [{ action: 'write the totals into data/scores.xlsx', search: 'write cells in a sheet', modules: ['xlsx'] }];
    const t = await scriptedTurn(env, {
      request: 'Put a total under the scores in data/scores.xlsx',
      chat: [outlineReply(step), programReply("return { error: 'I will not do it.' };")],
    });
    expect(t.toolbox).toEqual(expect.arrayContaining(['xlsx.readRange', 'xlsx.describeWorkbook']));
    const prompt = promptText(t.requests[1]!);
    const declared = new Set(t.toolbox);
    const composition = prompt.slice(prompt.indexOf('Composition:'), prompt.indexOf('Examples:') > 0 ? prompt.indexOf('Examples:') : undefined);
    for (const m of composition.matchAll(/\b(xlsx|docx|pptx|fs)\.([a-z][A-Za-z]+)\b/g)) expect(declared, `${m[0]} is named in a note`).toContain(m[0]);
    // And a program that returns an error failed, whatever the run says.
    expect(t.finished.status).toBe('failed');
    expect(t.finished.answer).toMatch(/^It did not work: I will not do it\./);
  });

  it('a program that calls an undeclared installed API and has another error: the repair names the APIs that joined', async () => {
    const bad =
      "const r = await xlsx.readRange({ path: 'data/scores.xlsx', maxRows: 'all' });\nawait fs.writeText({ path: 'notes/row-count.txt', text: String(r.rows.length) });\nreturn { answer: 'Wrote the row count.' };";
    const good =
      "const r = await xlsx.readRange({ path: 'data/scores.xlsx' });\nawait fs.writeText({ path: 'notes/row-count.txt', text: String(r.rows.length) });\nreturn { answer: 'Wrote the row count.' };";
    const t = await scriptedTurn(env, {
      request: 'Write how many rows the score sheet has into notes/row-count.txt',
      chat: [outlineReply(READ_STEP), programReply(bad), programReply(good)],
    });
    expect(t.finished.status).toBe('completed');
    expect(t.finished.statistics).toMatchObject({ llmCalls: 3, repairs: 1 });
    const repair = t.requests[2]!;
    const last = repair.messages[repair.messages.length - 1]!;
    const text = typeof last.content === 'string' ? last.content : '';
    // The remaining error is there; the undeclared call is no longer called an error, and the model is told it may call it.
    expect(text).toMatch(/line 1, column \d+ \(type\)/);
    expect(text).not.toMatch(/fs\.writeText[^\n]*not an API/);
    expect(text).toMatch(/now declared[^\n]*fs\.writeText/);
    // And its declaration is in the repair prompt's toolbox.
    expect(promptText(repair)).toMatch(/declare namespace fs[\s\S]*writeText/);
  });

  it('a long program is repaired with the whole program, line-numbered', async () => {
    const lines = Array.from({ length: 70 }, (_, i) => `const v${i} = ${i}; // a line of a long program that does careful work, number ${i}`);
    const bad = [...lines, "await xlsx.readRange({ path: 'data/scores.xlsx', maxRows: 'all' });", 'return { answer: "done" };'].join('\n');
    const good = "const r = await xlsx.readRange({ path: 'data/scores.xlsx' });\nreturn { answer: `Read ${r.rows.length} rows.` };";
    const t = await scriptedTurn(env, {
      request: 'Read the score excel file',
      chat: [outlineReply(READ_STEP), programReply(bad, 'reads the sheet after seventy careful lines'), programReply(good)],
    });
    expect(t.finished.status).toBe('completed');
    const repair = t.requests[2]!;
    const last = repair.messages[repair.messages.length - 1]!;
    const text = typeof last.content === 'string' ? last.content : '';
    // The earlier reply is shown as the model gave it, its summary included (not "").
    const earlier = repair.messages[repair.messages.length - 2]!;
    expect(earlier.role).toBe('assistant');
    expect(JSON.parse(typeof earlier.content === 'string' ? earlier.content : '{}')).toEqual({
      program: bad,
      summary: 'reads the sheet after seventy careful lines',
    });
    expect(text).toMatch(/line 71, column \d+ \(type\)/);
    expect(text).toContain('71 | await xlsx.readRange');
    expect(text).toContain(' 1 | const v0 = 0;');
    expect(text).toContain('72 | return { answer: "done" };');
    // The earlier program as the model wrote it, whole.
    expect(JSON.stringify(repair.messages)).toContain('number 69');
    expect(repair.max_tokens).toBeGreaterThanOrEqual(4000);
  });

  it('an empty program is a failure (or the question the model asked), never "done"', async () => {
    const t = await scriptedTurn(env, {
      request: 'Tidy the notes folder',
      chat: [outlineReply([{ action: 'tidy notes/', search: 'list files', modules: ['fs'] }]), programReply('  ', '')],
    });
    expect(t.finished.status).toBe('failed');
    expect(t.finished.answer).toMatch(/wrote no program/);
    expect(t.types).not.toContain('turn.run');
  });
});

describe('a runtime failure', () => {
  it('is repaired with the failing call, its error and APIs re-selected from the error', async () => {
    const wrong = "const r = await xlsx.readRange({ path: 'data/score.xlsx' });\nreturn { answer: `Read ${r.rows.length} rows.` };";
    const right = "const r = await xlsx.readRange({ path: 'data/scores.xlsx' });\nreturn { answer: `Read ${r.rows.length} rows.` };";
    const t = await scriptedTurn(env, {
      request: 'How many rows has the score sheet?',
      chat: [outlineReply(READ_STEP), programReply(wrong), programReply(right)],
    });
    expect(t.finished.status).toBe('completed');
    const repair = t.events.find((e) => e.type === 'turn.repair');
    expect(repair).toMatchObject({ kind: 'runtime' });
    expect(repair && repair.type === 'turn.repair' && repair.feedback).toMatch(/The call xlsx\.readRange\(\{"path":"data\/score\.xlsx"\}\) failed: NOT_FOUND/);
    const toolboxes = t.events.filter((e) => e.type === 'turn.toolbox');
    const reselected = toolboxes.flatMap((e) => (e.type === 'turn.toolbox' ? e.apis.filter((a) => a.why === 're-selected from the runtime error') : []));
    expect(reselected.length).toBeGreaterThan(0);
    expect(promptText(t.requests[2]!)).toContain(reselected[0]!.name);
  });
});
