import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import type { RunEvent, RunResult } from '../../../core/executor';
import type { ApprovalDecision, RunStatus } from '../../../shared/run';
import { CliError, unwrap, type CliContext } from '../context';
import type { GlobalOptions } from '../program';
import { terminalText } from '../terminal-text';

/** Exit codes of `exec`, one per way a run can end. */
export const EXEC_EXIT: Record<RunStatus, number> = { completed: 0, failed: 1, refused: 2, limit: 3, denied: 4, cancelled: 5 };

const HELP = `
Runs a hand-written action program against the installed APIs and prints every event.

The program is the body of an async function: call APIs as \`await module.verb({...})\`, report with
log(...), end with \`return value\`. It is type-checked and policy-checked first, then runs in the sandbox.
Files it writes are staged; without --apply nothing outside the staging folder changes (the staging is
discarded at the end unless --keep is given).

Approvals (APIs whose effects are external or destructive): --yes approves every one; without --yes
they are asked on the terminal when stdin is a TTY, and denied otherwise (the call then fails with
code DENIED inside the program).

Exit codes: 0 the program ran to completion, 1 it failed, 2 the verifier refused it, 3 a limit stopped
it, 4 an approval was denied and the program did not handle it, 5 cancelled.`;

/** One line per run event; whatever the program or a pack controls is escaped, so it cannot start a line of its own. */
export function line(event: RunEvent): string {
  return terminalText(eventText(event), { oneLine: true });
}

function eventText(event: RunEvent): string {
  const json = (v: unknown) => {
    const text = JSON.stringify(v) ?? 'undefined';
    return text.length > 2000 ? `${text.slice(0, 2000)}...` : text;
  };
  switch (event.type) {
    case 'run.started':
      return `run.started ${event.runId} apis=${event.apis.length} roots=${json(event.roots)}`;
    case 'run.api.called':
      return `api.called #${event.callId} ${event.api} ${json(event.args)}`;
    case 'run.api.result':
      return `api.result #${event.callId} ${event.api} ${event.durationMs.toFixed(1)}ms ${json(event.value)}`;
    case 'run.api.error':
      return `api.error #${event.callId} ${event.api} ${event.durationMs.toFixed(1)}ms ${event.error.code}: ${event.error.message}`;
    case 'run.log':
      return `log ${event.text}`;
    case 'run.approval.requested':
      return `approval.requested ${event.requestId} ${event.api} [${event.effects}] ${json(event.args)}`;
    case 'run.artifact.staged':
      return `artifact.staged ${event.artifact.action} ${event.artifact.kind} ${event.artifact.target}`;
    case 'run.finished':
      return `run.finished ${event.status}${event.value !== undefined ? ` value=${json(event.value)}` : ''}${event.error ? ` ${event.error.code}: ${event.error.message}` : ''} (calls=${event.statistics.calls}, ${event.statistics.durationMs.toFixed(0)}ms)`;
  }
}

async function askOnTerminal(ctx: CliContext, event: Extract<RunEvent, { type: 'run.approval.requested' }>): Promise<ApprovalDecision> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (
      await rl.question(
        terminalText(`Allow ${event.api} [${event.effects}] with ${JSON.stringify(event.args)}? [y]es once, [r]est of run, [a]lways, [N]o: `, {
          oneLine: true,
        }),
      )
    )
      .trim()
      .toLowerCase();
    return answer === 'y' || answer === 'yes' ? 'once' : answer === 'r' ? 'run' : answer === 'a' ? 'always' : 'deny';
  } catch {
    ctx.err('approval could not be read; denied\n');
    return 'deny';
  } finally {
    rl.close();
  }
}

export function registerExec(program: Command, ctx: CliContext): void {
  program
    .command('exec')
    .description('run an action program (a .js file) in the sandbox and print its events')
    .argument('<program>', 'the program file')
    .option(
      '--root <dir>',
      'grant a folder to the program (repeatable; relative paths resolve against the first)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--attach <file>', 'attach a file; the program sees an opaque handle (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--api <name>', 'allow only this API (repeatable; default: every installed API)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--apply', 'apply the staged files to their targets when the program completes')
    .option('--keep', 'keep the staging folder instead of discarding it (without --apply)')
    .option('--yes', 'approve every approval request')
    .option('--json', 'print events as JSON lines')
    .option('--wall-ms <ms>', 'wall-time limit of the run in milliseconds (default 60000)', (v: string) => Number.parseInt(v, 10))
    .addHelpText('after', HELP)
    .action(
      async (
        file: string,
        options: { root: string[]; attach: string[]; api: string[]; apply?: boolean; keep?: boolean; yes?: boolean; json?: boolean; wallMs?: number },
      ) => {
        const code = await readFile(file, 'utf8').catch(() => {
          throw new CliError(`cannot read ${file}`);
        });
        // The checker starts with the core (it loads the compiler while the packs load): the run verifies first.
        const result: RunResult = await ctx.withCore({ ...program.opts<GlobalOptions>(), prewarmVerifier: true }, async (client, core) => {
          const controller = new AbortController();
          const onSigint = () => controller.abort();
          process.once('SIGINT', onSigint);
          try {
            let runId = '';
            const staged = new Set<string>();
            const finished = await core.executor.run(code, {
              roots: options.root,
              attachments: options.attach,
              apis: options.api.length > 0 ? options.api : undefined,
              signal: controller.signal,
              limits: options.wallMs ? { wallMs: options.wallMs } : undefined,
              onEvent: (event) => {
                runId = event.runId;
                if (event.type === 'run.artifact.staged') staged.add(event.artifact.target);
                ctx.out(options.json ? `${JSON.stringify(event)}\n` : `${line(event)}\n`);
                if (event.type === 'run.finished' && event.diagnostics?.length && !options.json) ctx.out(`${event.error?.message ?? ''}\n`);
                if (event.type !== 'run.approval.requested') return;
                const decide = (decision: ApprovalDecision) => {
                  ctx.out(`approval.${decision === 'deny' ? 'denied' : 'granted'} ${event.requestId} ${event.api} (${decision})\n`);
                  core.executor.approve(event.runId, event.requestId, decision);
                };
                if (options.yes) decide('once');
                else if (process.stdin.isTTY) void askOnTerminal(ctx, event).then(decide);
                else decide('deny');
              },
            });
            if (!runId || finished.status === 'refused') return finished;
            if (finished.status === 'completed' && options.apply) {
              // Through the route, so the run's record (switchboard runs list) says where its files stand.
              const report = unwrap(await client.request('run.apply', { runId: finished.runId }));
              for (const f of report.files) ctx.out(`applied ${f.action} ${f.target}\n`);
              ctx.out(`run.applied ${finished.runId} (undo: switchboard undo ${finished.runId})\n`);
            } else if (options.keep) {
              ctx.out(`staging kept in ${core.paths.stagingDir}/${finished.runId}\n`);
            } else {
              await client.request('run.discard', { runId: finished.runId });
              if (staged.size > 0) ctx.err(droppedNote(staged.size, finished.status === 'completed'));
            }
            return finished;
          } finally {
            process.off('SIGINT', onSigint);
          }
        });
        const exit = EXEC_EXIT[result.status];
        if (exit !== 0) throw new CliError(`the run ended ${result.status}${result.error ? ` (${result.error.code})` : ''}`, exit);
      },
    );
}

/** What a person reads when a run's staged files were thrown away (exec without --apply or --keep). */
export function droppedNote(count: number, completed: boolean): string {
  const files = count === 1 ? '1 staged file was' : `${count} staged files were`;
  const again = completed
    ? 'run again with --apply to write them, or with --keep to look at them first'
    : 'the run did not complete, so nothing could be applied';
  return `${files} dropped: nothing was written to your folders (${again}).\n`;
}

export function registerUndo(program: Command, ctx: CliContext): void {
  program
    .command('undo')
    .description('restore every file a run applied, byte for byte')
    .argument('<runId>', 'the run id printed by exec --apply')
    .action(async (runId: string) => {
      const report = await ctx.withCore(program.opts<GlobalOptions>(), async (client) => unwrap(await client.request('run.undo', { runId })));
      for (const f of report.files) ctx.out(`restored ${f.target}\n`);
    });
}
