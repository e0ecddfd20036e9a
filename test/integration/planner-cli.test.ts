import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/create-core';
import { runCli } from '../../electron/hosts/cli/program';
import { filesPack } from '../fixtures/builtin/files-pack';
import { notesPack } from '../fixtures/builtin/notes-pack';
import { startOpenAiServer, type ChatCompletionBody, type ScriptedOpenAiServer } from '../helpers/openai-server';
import { outlineReply, programReply, promptText, SHARED_GLOVE_DIR, stepOf } from '../helpers/planner';
import { tempHome } from '../helpers/temp-home';

const SUITE = join(import.meta.dirname, '../fixtures/office-suite/tasks.jsonl');
let home: Awaited<ReturnType<typeof tempHome>>;
/** The granted folder: outside the data folder, which is never granted to programs. */
let work: Awaited<ReturnType<typeof tempHome>>;
let server: ScriptedOpenAiServer;

/** Answers each model step by the request it carries (the planner's two-call path). */
function scripted(body: ChatCompletionBody) {
  const text = promptText(body);
  const step = stepOf(body);
  if (/Delete data\/old\.txt/.test(text))
    return step === 'outline'
      ? outlineReply([{ action: 'delete the file', search: 'delete file', modules: ['files'] }])
      : programReply("return await files.remove({ path: 'data/old.txt' });", 'deleted data/old.txt');
  if (/Meeting at 10/.test(text))
    return step === 'outline'
      ? outlineReply([{ action: 'write the text file', search: 'write text file', modules: ['files'] }])
      : programReply("await files.write({ path: 'data/answer.txt', text: 'Meeting at 10' });\nreturn { answer: 'Meeting at 10' };", 'wrote data/answer.txt');
  return step === 'outline'
    ? outlineReply([{ action: 'write the summary', search: 'write text file', modules: ['files'] }])
    : programReply("return await files.write({ path: 'data/summary.txt', text: 'nothing much' });", 'wrote data/summary.txt');
}

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const env = { SWITCHBOARD_HOME: home.dir, SWITCHBOARD_MODELS_DIR: SHARED_GLOVE_DIR };
  const code = await runCli(args, { out: (t) => void (out += t), err: (t) => void (err += t), env }, { packs: [filesPack, notesPack] });
  return { code, out, err };
}

beforeAll(async () => {
  home = await tempHome('switchboard-cli-planner-');
  server = await startOpenAiServer({ chat: scripted });
  const core = await createCore({ host: 'test', home: home.dir, env: {}, appVersion: '0.0.0-test', logSinks: [] });
  await core.settings.set({
    models: { provider: 'openai', openai: { preset: 'custom', baseURL: server.baseURL, models: { planner: 'scripted' }, jsonSchema: true } },
  });
  await core.dispose();
  work = await tempHome('switchboard-cli-planner-work-');
  await mkdir(join(work.dir, 'data'), { recursive: true });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await home?.cleanup();
  await work?.cleanup();
});

describe('switchboard run and eval against the scripted server', () => {
  it('run prints the outline, toolbox, program, step results and artifact paths, and applies with --apply', async () => {
    const root = work.dir;
    const result = await cli('run', "Write 'Meeting at 10' into data/answer.txt", '--root', root, '--apply', '--mode', 'two-call');
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/outline \(two-call\):\n {2}1\. write the text file/);
    expect(result.out).toMatch(/toolbox \(\d+\/\d+ tokens/);
    expect(result.out).toContain("await files.write({ path: 'data/answer.txt', text: 'Meeting at 10' });");
    expect(result.out).toMatch(/api\.result #1 files\.write/);
    expect(result.out).toContain(`- ${join(root, 'data/answer.txt')} (other)`);
    expect(result.out).toMatch(/turn\.finished completed \(two-call, llm calls 2/);
    expect(result.out).toContain(`applied write ${join(root, 'data/answer.txt')}`);
    expect(await readFile(join(root, 'data/answer.txt'), 'utf8')).toBe('Meeting at 10');
  });

  it('run denies approvals without --yes and exits 1; --provider local without a runtime exits 7 with how to set one up', async () => {
    const denied = await cli('run', 'Delete data/old.txt', '--root', work.dir, '--mode', 'two-call');
    expect(denied.code).toBe(1);
    expect(denied.out).toMatch(/approval|denied/);
    const none = await cli('run', 'Delete data/old.txt', '--provider', 'local');
    expect(none.code).toBe(7);
    expect(none.err).toMatch(/no usable model/);
  });

  it('eval runs the suite: copies each testbed, runs, applies, checks, and reports rate, calls, tokens and latency', async () => {
    const result = await cli('eval', '--suite', SUITE, '--provider', 'openai', '--mode', 'two-call', '--json');
    expect(result.err).toBe('');
    const report = JSON.parse(result.out) as {
      summary: { tasks: number; passed: number; successRate: number; meanLlmCalls: number; promptTokens: number };
      tasks: { id: string; passed: boolean; llmCalls: number; latencyMs: number; checks: { detail: string }[] }[];
    };
    expect(report.summary).toMatchObject({ tasks: 3, passed: 2, meanLlmCalls: 2 });
    expect(report.summary.successRate).toBeCloseTo(2 / 3);
    expect(report.summary.promptTokens).toBeGreaterThan(0);
    expect(report.tasks.map((t) => [t.id, t.passed])).toEqual([
      ['mini/0', true],
      ['mini/1', true],
      ['mini/2', false],
    ]);
    expect(report.tasks[2]!.checks[0]!.detail).toBe('missing: weekly summary');
    // The fixture's testbed is untouched (each task ran on a copy).
    expect(await readFile(join(import.meta.dirname, '../fixtures/office-suite/testbed/data/old.txt'), 'utf8')).toBe('old\n');
    const text = await cli('eval', '--suite', SUITE, '--limit', '1', '--mode', 'two-call');
    expect(text.out).toMatch(/^PASS mini\/0 completed calls=2 tokens=\d+\+\d+ \d+ms\nsuccess 1\/1 \(100\.0%\)/);
  });
});
