import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { Core } from '../../core/create-core';
import type { RunEvent } from '../../core/executor';
import { programAnswer } from '../../core/session/answer';
import type { TurnEvent, TurnFinished } from '../../core/session/turn-events';
import type { ModelCallRecord } from '../../core/session/turn-service';
import { CliError, type CliContext } from './context';
import { failureClass, taskFolder, type TaskReport, type TurnTrace } from './eval-report';
import { runCheck, type CheckResult } from './office-checks';
import { OFFICEBENCH_UPSTREAM_ERRORS } from './officebench-upstream';
import { cliTurn, type CliTurnOptions } from './commands/run';

export const taskSchema = z.object({
  id: z.string(),
  n_apps_category: z.number().optional(),
  instruction: z.string(),
  user_context: z.object({ username: z.string(), date: z.string(), weekday: z.string(), time: z.string() }).partial().optional(),
  testbed_dir: z.string().optional(),
  reference_dir: z.string().optional(),
  check: z.object({ type: z.string(), evaluation: z.array(z.object({ function: z.string(), args: z.record(z.string(), z.unknown()) })).optional() }).loose(),
});
export type Task = z.infer<typeof taskSchema>;

/**
 * The request eval sends: the instruction and the facts OfficeBench's system message gives its agent (today's
 * date, weekday and time, the user, where the task's files are), worded as upstream words them, nothing more.
 */
export function requestOf(task: Task): string {
  const c = task.user_context;
  const facts = c
    ? `Today is ${c.date ?? ''} (${c.weekday ?? ''}). The current time is ${c.time ?? ''}. You are an AI assistant for user ${c.username ?? ''}.\n`
    : '';
  return `${task.instruction}\n\n${facts}You can find files for your task in \`data/\`.`;
}

/** Upstream's finish_task: `echo '<answer>' > /testbed/data/answer.txt` with every quote removed first. */
export function answerFileText(answer: string): string {
  return `${answer.replace(/["']/g, '')}\n`;
}

export interface EvalTaskOptions {
  suiteDir: string;
  provider?: 'openai' | 'local';
  mode?: 'auto' | 'one-call' | 'two-call';
  /** Where this task's evidence goes (a folder per task), if kept. */
  out?: string;
}

interface Evidence {
  turnEvents: TurnEvent[];
  runEvents: RunEvent[];
  modelCalls: ModelCallRecord[];
}

function traceOf(turn: TurnFinished, ev: Evidence): TurnTrace {
  const diagnostics = ev.turnEvents.filter((e) => e.type === 'turn.diagnostics');
  const finished = ev.runEvents.filter((e) => e.type === 'run.finished');
  const last = finished[finished.length - 1];
  const lastDiagnostics = diagnostics[diagnostics.length - 1];
  return {
    status: turn.status,
    ...(lastDiagnostics ? { lastDiagnosticsOk: lastDiagnostics.ok } : {}),
    ran: !!lastDiagnostics?.ok && finished.length > 0,
    ...(last ? { runStatus: last.status, ...(last.error ? { runErrorCode: last.error.code } : {}) } : {}),
    apiErrors: ev.runEvents.filter((e) => e.type === 'run.api.error').length,
    modelErrors: ev.modelCalls.filter((c) => c.error).length,
    lengthStops: ev.modelCalls.filter((c) => c.reply?.finishReason === 'length').length,
  };
}

/** The value the turn's last completed run returned (its `answer` leads the answer file). */
function lastValue(ev: Evidence): unknown {
  const done = ev.runEvents.filter((e) => e.type === 'run.finished' && e.status === 'completed');
  const last = done[done.length - 1];
  return last && last.type === 'run.finished' ? last.value : undefined;
}

async function keep(dir: string, files: Record<string, string | object>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, value] of Object.entries(files))
    await writeFile(join(dir, name), typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`);
}

/** Runs one task on a copy of its testbed, applies what completed, writes the answer file, grades, keeps the evidence. */
export async function evalTask(ctx: CliContext, core: Core, task: Task, options: EvalTaskOptions): Promise<TaskReport> {
  const work = await mkdtemp(join(tmpdir(), 'switchboard-eval-'));
  const ev: Evidence = { turnEvents: [], runEvents: [], modelCalls: [] };
  try {
    const testbedDir = task.testbed_dir ? resolve(options.suiteDir, task.testbed_dir) : undefined;
    if (testbedDir)
      await cp(testbedDir, work, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error; // upstream's empty testbeds are not in the copy
      });
    const request = requestOf(task);
    const turnOptions: CliTurnOptions = {
      attach: [],
      root: [work],
      yes: true,
      quiet: true,
      record: { turn: (e) => ev.turnEvents.push(e), run: (e) => ev.runEvents.push(e), model: (c) => ev.modelCalls.push(c) },
      ...(options.provider ? { provider: options.provider } : {}),
      ...(options.mode ? { mode: options.mode } : {}),
    };
    const started = performance.now();
    const finished = await cliTurn(ctx, core, request, turnOptions);
    const latencyMs = performance.now() - started;
    if (finished.status === 'unavailable') throw new CliError(`no usable model: ${'reason' in finished ? finished.reason : ''}`, 7);
    const turn = finished as TurnFinished;
    let applied: { target: string; action: string }[] = [];
    if (turn.runId) {
      if (turn.status === 'completed') applied = (await core.executor.apply(turn.runId)).files;
      else await core.executor.discard(turn.runId).catch(() => undefined);
    }
    // The harness, not the program, writes the answer, after the turn (upstream's finish_task).
    let answerFile: string | undefined;
    if (turn.status === 'completed') {
      answerFile = answerFileText(programAnswer(lastValue(ev)) ?? turn.answer);
      await mkdir(join(work, 'data'), { recursive: true });
      await writeFile(join(work, 'data', 'answer.txt'), answerFile);
    }
    const referenceDir = task.reference_dir ? resolve(options.suiteDir, task.reference_dir) : undefined;
    const checkOptions = { ...(referenceDir ? { referenceDir } : {}), ...(testbedDir ? { testbedDir } : {}) };
    const checks: CheckResult[] = task.check.evaluation
      ? await Promise.all(task.check.evaluation.map((c) => runCheck(work, c, checkOptions)))
      : [{ function: task.check.type, passed: false, detail: `unsupported: check type ${task.check.type}`, unsupported: true }];
    const passed = checks.length > 0 && checks.every((c) => c.passed);
    const cls = failureClass(passed, checks, traceOf(turn, ev));
    const upstream = task.check.type === 'officebench_eval' ? OFFICEBENCH_UPSTREAM_ERRORS[task.id] : undefined;
    const report: TaskReport = {
      id: task.id,
      ...(task.n_apps_category !== undefined ? { apps: task.n_apps_category } : {}),
      passed,
      status: turn.status,
      ...(cls ? { failureClass: cls } : {}),
      ...(upstream ? { upstreamError: upstream } : {}),
      llmCalls: turn.statistics.llmCalls,
      promptTokens: turn.statistics.promptTokens,
      completionTokens: turn.statistics.completionTokens,
      latencyMs,
      checks,
    };
    if (options.out) {
      const dir = join(options.out, taskFolder(task.id));
      await rm(dir, { recursive: true, force: true });
      const programs = ev.turnEvents.filter((e) => e.type === 'turn.program').map((e) => `// attempt ${e.attempt + 1}: ${e.summary}\n${e.program}\n`);
      const diagnostics = ev.turnEvents.filter((e) => e.type === 'turn.diagnostics' || e.type === 'turn.repair');
      const calls = ev.runEvents.filter(
        (e) => e.type === 'run.api.called' || e.type === 'run.api.result' || e.type === 'run.api.error' || e.type === 'run.log' || e.type === 'run.finished',
      );
      await keep(dir, {
        'request.txt': `${request}\n`,
        'model-calls.json': ev.modelCalls,
        'programs.ts': programs.join('\n'),
        'diagnostics.json': diagnostics,
        'calls.json': calls,
        'turn-events.json': ev.turnEvents.filter((e) => e.type !== 'turn.answer' && e.type !== 'turn.progress'),
        'files.json': { staged: turn.artifacts, applied, answerFile: answerFile ?? null },
        'answer.txt': turn.answer,
        'report.json': report,
      });
      await cp(work, join(dir, 'testbed'), { recursive: true });
    }
    return report;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
