import { existsSync } from 'node:fs';
import { appendFile, copyFile, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasPythonModule, python } from '../../../test/helpers/python';
import { tempHome } from '../../../test/helpers/temp-home';
import { missingKeywords, pyIsFloat, runCheck, type OfficeCheck } from './office-checks';

// Each of OfficeBench's evaluation functions, passing and failing, on copies of the dev testbeds.
const TASKS = '/work/shared/bench/office/officebench/raw/tasks';

function hasSuite(): boolean {
  if (existsSync(TASKS)) return true;
  if (process.env.CI === 'true') throw new Error(`CI needs the OfficeBench suite at ${TASKS}`);
  process.stderr.write(`\n!!! SKIPPING OfficeBench check tests: ${TASKS} is missing\n\n`);
  return false;
}

let home: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => {
  home = await tempHome('switchboard-checks-');
});
afterEach(() => home.cleanup());

/** A copy of a dev task's testbed; checks run on it with the task's reference and pristine testbed. */
async function testbed(task: string) {
  await cp(join(TASKS, task, 'testbed'), home.dir, { recursive: true });
  const options = { referenceDir: join(TASKS, task, 'reference'), testbedDir: join(TASKS, task, 'testbed') };
  return (fn: string, args: Record<string, unknown>) => runCheck(home.dir, { function: fn, args } as OfficeCheck, options);
}

describe('upstream’s keyword rule', () => {
  it('is case-insensitive, drops commas once a keyword is a Python float, and stops at the first missing keyword', () => {
    expect(missingKeywords('Total: 2,100,000 for BOB', ['bob', '2100000'])).toEqual([]);
    expect(missingKeywords('Total: 2,100,000', ['2,100,000', '1'])).toEqual([]);
    expect(missingKeywords('a, b', ['1e3', 'a b'])).toEqual(['1e3']);
    expect(['12', ' 1.5 ', '1_000', '.5', '1e-3', 'inf', 'NaN'].every(pyIsFloat)).toBe(true);
    expect(['', '0x10', '1,000', '1__0', 'one'].some(pyIsFloat)).toBe(false);
  });
});

describe.skipIf(!hasSuite())('OfficeBench evaluation functions on the dev testbeds', () => {
  it('evaluate_contain and evaluate_not_contain on txt, xlsx, docx, pdf and ics', async () => {
    const check = await testbed('1-3');
    await writeFile(join(home.dir, 'data', 'answer.txt'), 'The monthly income is 12,500\r\n');
    expect(await check('evaluate_contain', { doc_type: 'txt', file: './data/answer.txt', keywords: ['MONTHLY income', '12500'] })).toMatchObject({
      passed: true,
    });
    expect(await check('evaluate_contain', { doc_type: 'txt', file: './data/answer.txt', keywords: ['yearly'] })).toMatchObject({
      passed: false,
      detail: 'missing: yearly',
    });
    expect(await check('evaluate_contain', { doc_type: 'pdf', file: './data/file2.pdf', keywords: ['pdf test file 2'] })).toMatchObject({ passed: true });
    expect(await check('evaluate_contain', { doc_type: 'pdf', file: './data/file2.pdf', keywords: ['file 3'] })).toMatchObject({ passed: false });
    expect(await check('evaluate_contain', { doc_type: 'pptx', file: './data/file2.pdf', keywords: ['x'] })).toMatchObject({
      passed: false,
      raised: true,
      detail: expect.stringMatching(/Not implemented doc type: pptx/),
    });
    // Upstream's not_contain is `not contain`: one absent keyword (or an absent file) is enough to pass.
    expect(await check('evaluate_not_contain', { doc_type: 'txt', file: './data/answer.txt', keywords: ['income', 'yearly'] })).toMatchObject({ passed: true });
    expect(await check('evaluate_not_contain', { doc_type: 'txt', file: './data/answer.txt', keywords: ['income'] })).toMatchObject({ passed: false });
    expect(await check('evaluate_not_contain', { doc_type: 'txt', file: './data/none.txt', keywords: ['income'] })).toMatchObject({ passed: true });
    const sheet = await testbed('1-8');
    expect(await sheet('evaluate_contain', { doc_type: 'xlsx', file: './data/score.xlsx', keywords: ['(4, 1): Alice', '(4, 2): 78'] })).toMatchObject({
      passed: true,
    });
    expect(await sheet('evaluate_not_contain', { doc_type: 'xlsx', file: './data/score.xlsx', keywords: ['alice'] })).toMatchObject({ passed: false });
    const cal = await testbed('1-2');
    expect(
      await cal('evaluate_contain', { doc_type: 'ics', file: './calendar/Bob.ics', keywords: ['DTSTART:20240501T160000Z', 'SUMMARY:class'] }),
    ).toMatchObject({ passed: true });
    expect(await cal('evaluate_contain', { doc_type: 'ics', file: './calendar/Bob.ics', keywords: ['DTSTART:20240502'] })).toMatchObject({ passed: false });
  });

  it.skipIf(!hasPythonModule('docx'))('evaluate_contain on docx reads what python-docx reads', async () => {
    const check = await testbed('1-3');
    const first = (await python('import sys, json, docx; print(json.dumps([p.text for p in docx.Document(sys.argv[1]).paragraphs if p.text.strip()][0]))', [
      join(home.dir, 'data', 'file1.docx'),
    ])) as string;
    expect(await check('evaluate_contain', { doc_type: 'docx', file: './data/file1.docx', keywords: [first] })).toMatchObject({ passed: true });
    expect(await check('evaluate_contain', { doc_type: 'doc', file: './data/file1.docx', keywords: [`${first} and more`] })).toMatchObject({ passed: false });
  });

  it('evaluate_contain on email reads emails/<user>/ as upstream’s list_emails lists it', async () => {
    const check = await testbed('1-20');
    expect(
      await check('evaluate_contain', {
        doc_type: 'email',
        username: 'Bob',
        keywords: ['zoom meeting', 'Subject: scheduled meeting', 'Email ID: meeting.eml'],
      }),
    ).toMatchObject({ passed: true });
    expect(await check('evaluate_contain', { doc_type: 'email', username: 'Bob', keywords: ['zoom call'] })).toMatchObject({
      passed: false,
      detail: 'missing: zoom call',
    });
    // A message the agent sent to Tom lands in emails/Tom/.
    await mkdir(join(home.dir, 'emails', 'tom'));
    await writeFile(
      join(home.dir, 'emails', 'tom', 'Budget.eml'),
      'From: bob@example.com\nTo: tom@example.com\nSubject: Budget\nContent-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: quoted-printable\n\nThe total is 2,793,265 =E2=82=AC.\n',
    );
    expect(await check('evaluate_contain', { doc_type: 'email', username: 'Tom', keywords: ['2793265', '€', 'Subject: Budget'] })).toMatchObject({
      passed: true,
    });
    expect(await check('evaluate_not_contain', { doc_type: 'email', username: 'Tom', keywords: ['2793265'] })).toMatchObject({ passed: false });
    // No folder for the user: upstream's fallback raises, and so not_contain fails too.
    expect(await check('evaluate_not_contain', { doc_type: 'email', username: 'Carol', keywords: ['x'] })).toMatchObject({ passed: false, raised: true });
  });

  it('evaluate_calendar_no_overlap sorts by start and compares neighbours; a missing calendar raises', async () => {
    const check = await testbed('1-2');
    expect(await check('evaluate_calendar_no_overlap', { username: 'Bob' })).toMatchObject({ passed: true });
    const ics = join(home.dir, 'calendar', 'Bob.ics');
    const text = await readFile(ics, 'utf8');
    await writeFile(
      ics,
      text.replace(/END:VCALENDAR\s*$/, 'BEGIN:VEVENT\nDTSTART:20240501T170000Z\nDTEND:20240501T173000Z\nSUMMARY:workout\nEND:VEVENT\nEND:VCALENDAR\n'),
    );
    expect(await check('evaluate_calendar_no_overlap', { username: 'Bob' })).toMatchObject({ passed: false, detail: 'events class and workout overlap' });
    expect(await check('evaluate_calendar_no_overlap', { username: 'Nobody' })).toMatchObject({ passed: false, raised: true });
    // A zone-qualified time counts in its zone: 10:00 in Los Angeles is 17:00 UTC, inside `class`.
    await writeFile(
      ics,
      text.replace(
        /END:VCALENDAR\s*$/,
        'BEGIN:VEVENT\nDTSTART;TZID=America/Los_Angeles:20240501T100000\nDTEND;TZID=America/Los_Angeles:20240501T103000\nSUMMARY:call\nEND:VEVENT\nEND:VCALENDAR\n',
      ),
    );
    expect(await check('evaluate_calendar_no_overlap', { username: 'Bob' })).toMatchObject({ passed: false, detail: 'events class and call overlap' });
  });

  it('evaluate_excel_cell_value, evaluate_excel_cell_comparator and evaluate_exact_match', async () => {
    const check = await testbed('1-8');
    expect(await check('evaluate_excel_cell_value', { file: './data/score.xlsx', matches: [{ row: 4, col: '2', value: '78' }] })).toMatchObject({
      passed: true,
    });
    expect(await check('evaluate_excel_cell_value', { file: './data/score.xlsx', matches: [{ row: 4, col: '2', value: '79' }] })).toMatchObject({
      passed: false,
    });
    expect(await check('evaluate_excel_cell_value', { matches: [] })).toMatchObject({
      passed: false,
      raised: true,
      detail: expect.stringMatching(/KeyError: 'file'/),
    });
    const exact = { doc_type: 'xlsx', result_file: './data/score.xlsx', expected_file: '../../../../reference/score.xlsx' };
    expect(await check('evaluate_exact_match', exact)).toMatchObject({ passed: false, detail: expect.stringMatching(/^cell/) });
    await copyFile(join(TASKS, '1-8', 'reference', 'score.xlsx'), join(home.dir, 'data', 'score.xlsx'));
    expect(await check('evaluate_exact_match', exact)).toMatchObject({ passed: true });
    expect(await check('evaluate_exact_match', { ...exact, doc_type: 'docx' })).toMatchObject({ passed: false, raised: true });
    const members = await testbed('1-6');
    const comparator = "lambda x: x in ['1', '2', '3', '4', '5']";
    expect(
      await members('evaluate_excel_cell_comparator', {
        file: './data/class_member.xlsx',
        matches: [{ row: '2', col: '1', comparator: "lambda x: x in ['Noah']" }],
      }),
    ).toMatchObject({ passed: true });
    expect(await members('evaluate_excel_cell_comparator', { file: './data/class_member.xlsx', matches: [{ row: '2', col: '2', comparator }] })).toMatchObject({
      passed: false,
      detail: 'cell (2, 2) is null',
    });
    expect(
      await members('evaluate_excel_cell_comparator', {
        file: './data/class_member.xlsx',
        matches: [{ row: '2', col: '1', comparator: 'lambda x: len(x) > 2' }],
      }),
    ).toMatchObject({ passed: false, unsupported: true });
  });

  it.skipIf(!hasPythonModule('openpyxl'))('evaluate_diff_contain_text: the keywords are in the diff of the pristine and the output sheet', async () => {
    const check = await testbed('1-8');
    const args = {
      doc_type: 'xlsx',
      input_file: '../../../../cache/0/testbed/data/score.xlsx',
      output_file: './data/score.xlsx',
      keywords: ['Alice', '78', '75'],
    };
    expect(await check('evaluate_diff_contain_text', args)).toMatchObject({ passed: false, detail: 'the output is the same as the input' });
    // A second writer (openpyxl) deletes Alice's row, as the task asks.
    await python('import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1]); wb.active.delete_rows(4); wb.save(sys.argv[1]); print(1)', [
      join(home.dir, 'data', 'score.xlsx'),
    ]);
    expect(await check('evaluate_diff_contain_text', args)).toMatchObject({ passed: true });
    expect(await check('evaluate_diff_contain_text', { ...args, keywords: ['Alice', 'Liam'] })).toMatchObject({
      passed: false,
      detail: expect.stringMatching(/^the diff lacks: /),
    });
    expect(await check('evaluate_diff_contain_text', { ...args, doc_type: 'pdf' })).toMatchObject({ passed: false, raised: true });
  });

  it('evaluate_file_exist and evaluate_file_not_exist; paths outside the task folder never pass', async () => {
    const check = await testbed('1-8');
    expect(await check('evaluate_file_exist', { file: './data/salary.xlsx' })).toMatchObject({ passed: true });
    expect(await check('evaluate_file_exist', { file: './data/salery.xlsx' })).toMatchObject({ passed: false });
    expect(await check('evaluate_file_not_exist', { file: './data/salery.xlsx' })).toMatchObject({ passed: true });
    await appendFile(join(home.dir, 'data', 'new.txt'), 'x');
    expect(await check('evaluate_file_not_exist', { file: 'data/new.txt' })).toMatchObject({ passed: false });
    expect(await check('evaluate_file_exist', { file: '../../etc/passwd' })).toMatchObject({
      passed: false,
      raised: true,
      detail: expect.stringMatching(/outside/),
    });
    expect(await check('evaluate_something_else', {})).toMatchObject({ passed: false, unsupported: true });
  });
});
