import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import type { TurnFinished } from '../../../core/session/turn-events';
import { CliError, type CliContext } from '../context';
import { runCheck, type CheckResult } from '../office-checks';
import type { GlobalOptions } from '../program';
import { cliTurn } from './run';

const taskSchema = z.object({
  id: z.string(),
  instruction: z.string(),
  user_context: z.record(z.string(), z.unknown()).optional(),
  testbed_dir: z.string().optional(),
  reference_dir: z.string().optional(),
  check: z.object({ type: z.string(), evaluation: z.array(z.object({ function: z.string(), args: z.record(z.string(), z.unknown()) })).optional() }).loose(),
});
type Task = z.infer<typeof taskSchema>;

export interface TaskReport {
  id: string;
  passed: boolean;
  status: string;
  llmCalls: number;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  checks: CheckResult[];
}

const HELP = `
Runs an office task suite (the JSON-lines format of ../shared/bench/office) end to end: for each task a
copy of its testbed folder is granted to the program, the planner runs the instruction with approvals
granted, the staged files are applied to the copy, and the task's checks (OfficeBench's evaluation
functions) decide whether it passed. Checks this build cannot evaluate count as failed, with the reason.
Reports success rate, LLM calls, prompt and completion tokens and latency per task.`;

export async function loadSuite(file: string): Promise<Task[]> {
  const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim());
  return lines.map((l, i) => {
    const parsed = taskSchema.safeParse(JSON.parse(l));
    if (!parsed.success) throw new CliError(`${file}:${i + 1}: not a task (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    return parsed.data;
  });
}

function requestOf(task: Task): string {
  const c = task.user_context;
  return c ? `${task.instruction}\n(I am ${String(c.username ?? 'the user')}; today is ${String(c.weekday ?? '')} ${String(c.date ?? '')} ${String(c.time ?? '')}.)` : task.instruction;
}

export function registerEval(program: Command, ctx: CliContext): void {
  program
    .command('eval')
    .description('run an office task suite end to end and report success rate, LLM calls, tokens and latency')
    .requiredOption('--suite <tasks.jsonl>', 'the suite file')
    .option('--provider <name>', 'openai or local (default: the settings)')
    .option('--limit <n>', 'run only the first n tasks', (v: string) => Number.parseInt(v, 10))
    .option('--mode <mode>', 'auto, one-call or two-call (default auto)')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', HELP)
    .action(async (options: { suite: string; provider?: 'openai' | 'local'; limit?: number; mode?: 'auto' | 'one-call' | 'two-call'; json?: boolean }) => {
      if (options.provider && options.provider !== 'openai' && options.provider !== 'local') throw new CliError(`--provider is openai or local, not ${options.provider}`);
      const suiteDir = dirname(resolve(options.suite));
      const tasks = (await loadSuite(options.suite)).slice(0, options.limit ?? undefined);
      const reports: TaskReport[] = await ctx.withCore(program.opts<GlobalOptions>(), async (_client, core) => {
        const out: TaskReport[] = [];
        for (const task of tasks) {
          const work = await mkdtemp(join(tmpdir(), 'switchboard-eval-'));
          try {
            if (task.testbed_dir) await cp(resolve(suiteDir, task.testbed_dir), work, { recursive: true });
            const started = performance.now();
            const finished = await cliTurn(ctx, core, requestOf(task), { attach: [], root: [work], yes: true, quiet: true, ...(options.provider ? { provider: options.provider } : {}), ...(options.mode ? { mode: options.mode } : {}) });
            const latencyMs = performance.now() - started;
            if (finished.status === 'unavailable') throw new CliError(`no usable model: ${'reason' in finished ? finished.reason : ''}`, 7);
            const turn = finished as TurnFinished;
            if (turn.runId) {
              if (turn.status === 'completed') await core.executor.apply(turn.runId);
              else await core.executor.discard(turn.runId).catch(() => undefined);
            }
            const checks = task.check.evaluation ? await Promise.all(task.check.evaluation.map((c) => runCheck(work, c, task.reference_dir ? { referenceDir: resolve(suiteDir, task.reference_dir) } : {}))) : [{ function: task.check.type, passed: false, detail: `unsupported: ${task.check.type}` }];
            const report: TaskReport = {
              id: task.id,
              passed: turn.status === 'completed' && checks.every((c) => c.passed),
              status: turn.status,
              llmCalls: turn.statistics.llmCalls,
              promptTokens: turn.statistics.promptTokens,
              completionTokens: turn.statistics.completionTokens,
              latencyMs,
              checks,
            };
            out.push(report);
            if (!options.json) ctx.out(`${report.passed ? 'PASS' : 'FAIL'} ${task.id} ${turn.status} calls=${report.llmCalls} tokens=${report.promptTokens}+${report.completionTokens} ${latencyMs.toFixed(0)}ms${report.passed ? '' : ` ${checks.filter((c) => !c.passed).map((c) => c.detail).join('; ')}`}\n`);
          } finally {
            await rm(work, { recursive: true, force: true });
          }
        }
        return out;
      });
      const passed = reports.filter((r) => r.passed).length;
      const sum = (f: (r: TaskReport) => number) => reports.reduce((n, r) => n + f(r), 0);
      const summary = {
        tasks: reports.length,
        passed,
        successRate: reports.length ? passed / reports.length : 0,
        meanLlmCalls: reports.length ? sum((r) => r.llmCalls) / reports.length : 0,
        promptTokens: sum((r) => r.promptTokens),
        completionTokens: sum((r) => r.completionTokens),
        meanLatencyMs: reports.length ? sum((r) => r.latencyMs) / reports.length : 0,
      };
      if (options.json) ctx.out(`${JSON.stringify({ summary, tasks: reports }, null, 2)}\n`);
      else ctx.out(`success ${passed}/${reports.length} (${(summary.successRate * 100).toFixed(1)}%), mean LLM calls ${summary.meanLlmCalls.toFixed(2)}, tokens ${summary.promptTokens}+${summary.completionTokens}, mean latency ${summary.meanLatencyMs.toFixed(0)} ms\n`);
    });
}
