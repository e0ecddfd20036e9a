import { mkdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError, type CliContext } from '../context';
// Types only at the top: the suite schema, the checks and their readers (zod, jszip, xmldom) load when
// `eval` runs, so the CLI's --help and version do not pay for them.
import type { TaskReport } from '../eval-report';
import type { Task } from '../eval-task';
import type { GlobalOptions } from '../program';
import { errorMessage } from '../../../shared/errors';

const HELP = `
Runs an office task suite (the JSON-lines format of ../shared/bench/office) end to end, as OfficeBench runs
its own: for each task a copy of its testbed folder is granted to the program and the request carries the
facts OfficeBench's system message gives its agent (the user, today's date and time, that the files are in
data/). The planner runs with approvals granted, the staged files are applied to the copy, the turn's answer
(the program's \`answer\`, else the answer text) is written to data/answer.txt as OfficeBench's finish_task
writes it, and the task's checks (OfficeBench's evaluation functions, upstream's semantics) grade it.

--out <dir> keeps per task: the request, every model prompt and reply, the programs, verifier diagnostics,
the calls with results and errors, staged and applied files, the final folder, and the report.
--only, --from and --resume run a suite in parts; --resume <dir> skips the tasks already reported in <dir>
(and keeps new evidence there) and the summary adds every report in <dir> up. See docs/eval.md.`;

interface EvalOptions {
  suite: string;
  provider?: 'openai' | 'local';
  limit?: number;
  from?: number;
  only?: string;
  out?: string;
  resume?: string;
  mode?: 'auto' | 'one-call' | 'two-call';
  json?: boolean;
}

export async function loadSuite(file: string): Promise<Task[]> {
  const { taskSchema } = await import('../eval-task');
  const text = await readFile(file, 'utf8').catch(() => {
    throw new CliError(`--suite ${file}: cannot read it`);
  });
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      let json: unknown;
      try {
        json = JSON.parse(l);
      } catch {
        throw new CliError(`${file}:${i + 1}: not JSON`);
      }
      const parsed = taskSchema.safeParse(json);
      if (!parsed.success) throw new CliError(`${file}:${i + 1}: not a task (${parsed.error.issues[0]?.message ?? 'invalid'})`);
      return parsed.data;
    });
}

function positive(flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new CliError(`${flag} is a whole number from 1, not ${v}`);
    return n;
  };
}

/** The tasks to run: --only's ids (each must exist), from --from (1-based), at most --limit, minus those reported. */
export function pickTasks(all: readonly Task[], options: Pick<EvalOptions, 'only' | 'from' | 'limit'>, done: ReadonlySet<string>): Task[] {
  let tasks = all.slice((options.from ?? 1) - 1);
  if (options.only !== undefined) {
    const ids = options.only
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = ids.filter((id) => !all.some((t) => t.id === id));
    if (ids.length === 0 || unknown.length > 0) throw new CliError(`--only: no such task ${unknown.join(', ') || '(empty list)'}`);
    tasks = tasks.filter((t) => ids.includes(t.id));
  }
  tasks = tasks.filter((t) => !done.has(t.id));
  return options.limit !== undefined ? tasks.slice(0, options.limit) : tasks;
}

function line(r: TaskReport): string {
  const failed = r.checks.filter((c) => !c.passed).map((c) => c.detail);
  const why = r.passed ? '' : ` [${r.failureClass ?? 'failed'}] ${failed.join('; ')}`;
  return `${r.passed ? 'PASS' : 'FAIL'} ${r.id} ${r.status} calls=${r.llmCalls} tokens=${r.promptTokens}+${r.completionTokens} ${r.latencyMs.toFixed(0)}ms${why}${r.upstreamError ? ` (upstream error: ${r.upstreamError})` : ''}\n`;
}

export function registerEval(program: Command, ctx: CliContext): void {
  program
    .command('eval')
    .description('run an office task suite end to end and report success rate (by 1-, 2- and 3-app tasks), LLM calls, tokens and latency')
    .requiredOption('--suite <tasks.jsonl>', 'the suite file')
    .option('--provider <name>', 'openai or local (default: the settings)')
    .option('--limit <n>', 'run at most n tasks', positive('--limit'))
    .option('--from <n>', 'start at the suite’s nth task (1-based)', positive('--from'))
    .option('--only <ids>', 'run only these task ids (comma-separated)')
    .option('--out <dir>', 'keep every task’s evidence in <dir>/<task id>/')
    .option('--resume <dir>', 'skip tasks already reported in <dir> (an earlier --out) and add their reports to the summary')
    .option('--mode <mode>', 'auto, one-call or two-call (default auto)')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', HELP)
    .action(async (options: EvalOptions) => {
      if (options.provider && options.provider !== 'openai' && options.provider !== 'local')
        throw new CliError(`--provider is openai or local, not ${options.provider}`);
      if (options.mode && !['auto', 'one-call', 'two-call'].includes(options.mode))
        throw new CliError(`--mode is auto, one-call or two-call, not ${options.mode}`);
      if (options.out && options.resume && resolve(options.out) !== resolve(options.resume))
        throw new CliError('--out and --resume name different folders; --resume keeps its evidence in its own folder');
      const suiteDir = dirname(resolve(options.suite));
      const [{ readReports, summarize }, { evalTask }] = await Promise.all([import('../eval-report'), import('../eval-task')]);
      const all = await loadSuite(options.suite);
      const earlier = options.resume ? await readReports(resolve(options.resume)).catch((e: Error) => Promise.reject(new CliError(e.message))) : [];
      const tasks = pickTasks(all, options, new Set(earlier.map((r) => r.id)));
      const out = options.resume ?? options.out;
      if (out) await mkdir(resolve(out), { recursive: true });
      const reports: TaskReport[] = await ctx.withCore(program.opts<GlobalOptions>(), async (_client, core) => {
        const done: TaskReport[] = [];
        for (const task of tasks) {
          const started = performance.now();
          const report = await evalTask(ctx, core, task, {
            suiteDir,
            ...(options.provider ? { provider: options.provider } : {}),
            ...(options.mode ? { mode: options.mode } : {}),
            ...(out ? { out: resolve(out) } : {}),
          }).catch((error: unknown): TaskReport => {
            // One task's harness error (a bad testbed, a failed Apply) is that task's failure, not the run's end.
            if (error instanceof CliError) throw error;
            const message = errorMessage(error);
            return {
              id: task.id,
              ...(task.n_apps_category !== undefined ? { apps: task.n_apps_category } : {}),
              passed: false,
              status: 'error',
              llmCalls: 0,
              promptTokens: 0,
              completionTokens: 0,
              latencyMs: performance.now() - started,
              checks: [{ function: 'harness', passed: false, detail: `the harness failed: ${message}`, raised: true }],
            };
          });
          done.push(report);
          if (!options.json) ctx.out(line(report));
        }
        return done;
      });
      const ids = new Set(all.map((t) => t.id));
      const every = [...earlier.filter((r) => ids.has(r.id)), ...reports];
      const summary = summarize(every);
      if (options.json)
        ctx.out(`${JSON.stringify({ summary: { ...summary, ran: reports.length, resumed: every.length - reports.length }, tasks: every }, null, 2)}\n`);
      else {
        const apps = Object.entries(summary.byApps)
          .filter(([, v]) => v.tasks > 0)
          .map(([k, v]) => `${k}-app ${v.passed}/${v.tasks} (${(v.successRate * 100).toFixed(1)}%)`);
        ctx.out(
          `success ${summary.passed}/${summary.tasks} (${(summary.successRate * 100).toFixed(1)}%)${apps.length ? `; ${apps.join(', ')}` : ''}, mean LLM calls ${summary.meanLlmCalls.toFixed(2)}, tokens ${summary.promptTokens}+${summary.completionTokens}, mean latency ${summary.meanLatencyMs.toFixed(0)} ms\n`,
        );
      }
    });
}
