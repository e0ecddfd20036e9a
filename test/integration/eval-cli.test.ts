import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xlsxPack } from '../../apis/xlsx/pack';
import { createCore } from '../../electron/core/create-core';
import { runCli } from '../../electron/hosts/cli/program';
import { filesPack } from '../fixtures/builtin/files-pack';
import { startOpenAiServer, type ChatCompletionBody, type ScriptedOpenAiServer } from '../helpers/openai-server';
import { outlineReply, programReply, promptText, SHARED_GLOVE_DIR, stepOf } from '../helpers/planner';
import { tempHome } from '../helpers/temp-home';

// `switchboard eval` against a scripted OpenAI-compatible server on 127.0.0.1, the real planner, verifier,
// sandbox, xlsx pack and Apply, over a small OfficeBench-format suite written here.
let home: Awaited<ReturnType<typeof tempHome>>;
let server: ScriptedOpenAiServer;
let suite: string;

const task = (id: string, apps: number, instruction: string, evaluation: unknown[]) =>
  JSON.stringify({
    id,
    n_apps_category: apps,
    instruction,
    user_context: { username: 'Bob', date: '2020-05-01', weekday: 'Friday', time: '10:00 AM' },
    testbed_dir: 'testbed',
    check: { type: 'officebench_eval', evaluation },
  });

function scripted(body: ChatCompletionBody) {
  const text = promptText(body);
  const step = stepOf(body);
  if (/Who is the lowest scorer/.test(text)) {
    // The answer carries quotes, which upstream's finish_task strips.
    return step === 'outline'
      ? outlineReply([{ action: 'read the notes', search: 'read text file', modules: ['files'] }])
      : programReply(
          `const notes = await files.read({ path: 'data/notes.txt' }); log(notes); return { answer: "The lowest scorer is 'Alice' with 78" };`,
          'answered',
        );
  }
  if (/delete student Alice/.test(text))
    return step === 'outline'
      ? outlineReply([{ action: 'delete the row of Alice', search: 'delete rows from a sheet', modules: ['xlsx'] }])
      : programReply(`await xlsx.deleteRows({ path: 'data/score.xlsx', sheet: 'Sheet1', at: 2, count: 1 }); return { answer: 'None' };`, 'deleted row 2');
  if (/Which file/.test(text)) return outlineReply([], 'Which file do you mean?');
  return step === 'outline'
    ? outlineReply([{ action: 'write the summary', search: 'write text file', modules: ['files'] }])
    : programReply("return await files.write({ path: 'data/summary.txt', text: 'nothing much' });", 'wrote data/summary.txt');
}

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const env = { SWITCHBOARD_HOME: home.dir, SWITCHBOARD_MODELS_DIR: SHARED_GLOVE_DIR };
  const code = await runCli(args, { out: (t) => void (out += t), err: (t) => void (err += t), env }, { packs: [filesPack, xlsxPack] });
  return { code, out, err };
}

beforeAll(async () => {
  home = await tempHome('switchboard-eval-');
  server = await startOpenAiServer({ chat: scripted });
  const core = await createCore({ host: 'test', home: home.dir, env: {}, appVersion: '0.0.0-test', logSinks: [] });
  await core.settings.set({
    models: { provider: 'openai', openai: { preset: 'custom', baseURL: server.baseURL, models: { planner: 'scripted' }, jsonSchema: true } },
  });
  await core.dispose();
  const data = join(home.dir, 'suite', 'testbed', 'data');
  await mkdir(data, { recursive: true });
  await writeFile(join(data, 'notes.txt'), 'Scores are in score.xlsx.\n');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Sheet1');
  for (const row of [
    ['Name', 'Score'],
    ['Alice', 78],
    ['Bob', 91],
    ['Carol', 85],
  ])
    sheet.addRow(row);
  await book.xlsx.writeFile(join(data, 'score.xlsx'));
  suite = join(home.dir, 'suite', 'tasks.jsonl');
  const answer = { function: 'evaluate_contain', args: { doc_type: 'txt', file: './data/answer.txt', keywords: ['Alice', '78'] } };
  const diff = {
    function: 'evaluate_diff_contain_text',
    args: { doc_type: 'xlsx', input_file: '../../../../cache/0/testbed/data/score.xlsx', output_file: './data/score.xlsx', keywords: ['Alice', '78'] },
  };
  const summary = { function: 'evaluate_contain', args: { doc_type: 'txt', file: './data/summary.txt', keywords: ['weekly summary'] } };
  const lines = [
    task('q/0', 1, 'Who is the lowest scorer?', [answer]),
    task('d/0', 1, 'delete student Alice and her score in score excel file', [diff]),
    task('s/0', 2, 'Write the weekly summary into data/summary.txt', [summary]),
    task('w/0', 3, 'Which file should I fix?', [summary]),
  ];
  await writeFile(suite, `${lines.join('\n')}\n`);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await home?.cleanup();
});

describe('switchboard eval grades as OfficeBench does', () => {
  it('sends upstream’s facts, writes the answer file, grades a deletion by its diff, classifies failures and keeps the evidence', async () => {
    const out = join(home.dir, 'evidence');
    const result = await cli('eval', '--suite', suite, '--provider', 'openai', '--mode', 'two-call', '--json', '--out', out);
    expect(result.err).toBe('');
    const report = JSON.parse(result.out) as {
      summary: { tasks: number; passed: number; byApps: Record<string, { tasks: number; passed: number }>; failures: Record<string, number> };
      tasks: { id: string; passed: boolean; failureClass?: string; checks: { detail: string }[] }[];
    };
    expect(report.tasks.map((t) => [t.id, t.passed, t.failureClass ?? null])).toEqual([
      ['q/0', true, null],
      ['d/0', true, null],
      ['s/0', false, 'check_failed'],
      ['w/0', false, 'question_back'],
    ]);
    expect(report.summary.byApps).toMatchObject({ '1': { tasks: 2, passed: 2 }, '2': { tasks: 1, passed: 0 }, '3': { tasks: 1, passed: 0 } });
    expect(report.summary.failures).toEqual({ check_failed: 1, question_back: 1 });
    // The request carries OfficeBench's system-message facts and the data/ folder.
    const sent = await readFile(join(out, 'q_0', 'request.txt'), 'utf8');
    expect(sent).toBe(
      'Who is the lowest scorer?\n\nToday is 2020-05-01 (Friday). The current time is 10:00 AM. You are an AI assistant for user Bob.\nYou can find files for your task in `data/`.\n',
    );
    expect(promptText(server.chatRequests()[0]!)).toContain('You are an AI assistant for user Bob.');
    // finish_task's answer file: the program's answer with its quotes stripped, and a newline (echo).
    expect(await readFile(join(out, 'q_0', 'testbed', 'data', 'answer.txt'), 'utf8')).toBe('The lowest scorer is Alice with 78\n');
    // Evidence: the model's exact replies, programs, calls, files, checks.
    const calls = JSON.parse(await readFile(join(out, 'd_0', 'model-calls.json'), 'utf8')) as { request: { messages: unknown[] }; reply: { text: string } }[];
    expect(calls).toHaveLength(2);
    expect(calls[1]!.reply.text).toContain('xlsx.deleteRows');
    expect(await readFile(join(out, 'd_0', 'programs.ts'), 'utf8')).toContain("await xlsx.deleteRows({ path: 'data/score.xlsx'");
    expect(JSON.stringify(JSON.parse(await readFile(join(out, 'd_0', 'calls.json'), 'utf8')))).toContain('"api":"xlsx.deleteRows"');
    expect(JSON.parse(await readFile(join(out, 'd_0', 'files.json'), 'utf8'))).toMatchObject({
      applied: [{ action: 'write', target: expect.stringMatching(/score\.xlsx$/) }],
    });
    expect(JSON.parse(await readFile(join(out, 'd_0', 'report.json'), 'utf8'))).toMatchObject({
      id: 'd/0',
      passed: true,
      checks: [{ function: 'evaluate_diff_contain_text', passed: true }],
    });
    expect((await readdir(out)).sort()).toEqual(['d_0', 'q_0', 's_0', 'w_0']);
  }, 120_000);

  it('--only, --from and --resume run a suite in parts and add them up; bad options change nothing', async () => {
    const out = join(home.dir, 'parts');
    const first = await cli('eval', '--suite', suite, '--mode', 'two-call', '--only', 'q/0,s/0', '--out', out);
    expect(first.out).toMatch(
      /^PASS q\/0 .*\nFAIL s\/0 .*\[check_failed\] missing: weekly summary\nsuccess 1\/2 \(50\.0%\); 1-app 1\/1 \(100\.0%\), 2-app 0\/1 \(0\.0%\)/,
    );
    const calls = server.chatRequests().length;
    const rest = await cli('eval', '--suite', suite, '--mode', 'two-call', '--from', '2', '--resume', out, '--json');
    const report = JSON.parse(rest.out) as { summary: { tasks: number; passed: number; ran: number; resumed: number }; tasks: { id: string }[] };
    expect(report.summary).toMatchObject({ tasks: 4, passed: 2, ran: 2, resumed: 2 });
    expect(report.tasks.map((t) => t.id).sort()).toEqual(['d/0', 'q/0', 's/0', 'w/0']);
    expect(server.chatRequests().length - calls).toBe(3); // d/0 (outline, program) and w/0 (outline): q/0 and s/0 were skipped
    expect(await cli('eval', '--suite', suite, '--only', 'nope/1')).toMatchObject({ code: 1, err: expect.stringMatching(/--only: no such task nope\/1/) });
    expect(await cli('eval', '--suite', suite, '--from', '0')).toMatchObject({ code: 1, err: expect.stringMatching(/--from is a whole number from 1/) });
    expect(await cli('eval', '--suite', suite, '--resume', join(home.dir, 'missing'))).toMatchObject({ code: 1, err: expect.stringMatching(/no such folder/) });
  }, 120_000);
});
