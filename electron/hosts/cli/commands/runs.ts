import type { Command } from 'commander';
import type { RunSummary } from '../../../shared/run-view';
import { CliError, unwrap, type CliContext } from '../context';
import type { GlobalOptions } from '../program';

function line(run: RunSummary): string {
  const files = run.applyState ? `files ${run.applyState}` : run.artifacts > 0 ? `${run.artifacts} staged` : 'no files';
  return `${run.runId}  ${run.updatedAt.slice(0, 19).replace('T', ' ')}  ${run.status}  ${run.calls} call${run.calls === 1 ? '' : 's'}  ${files}`;
}

/** `switchboard runs list [--json] [--limit n]`: find a run id for `undo` or the window's run card. */
export function registerRuns(program: Command, ctx: CliContext): void {
  const runs = program.command('runs').description('past runs of action programs');
  runs
    .command('list')
    .description('runs, newest first: id, time, status, calls, where their files stand')
    .option('--json', 'print JSON')
    .option('--limit <n>', 'at most this many (1-500, default 50)', '50')
    .action(async (options: { json?: boolean; limit: string }) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new CliError('--limit must be an integer from 1 to 500', 2);
      const list = await ctx.withCore(program.opts<GlobalOptions>(), async (client) => unwrap(await client.request('runs.list', { limit })));
      ctx.out(options.json ? `${JSON.stringify(list, null, 2)}\n` : list.map((r) => `${line(r)}\n`).join('') || 'no runs yet\n');
    });
}
