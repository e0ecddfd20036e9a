import type { Command } from 'commander';
import type { Core } from '../../../core/create-core';
import type { RunEvent } from '../../../core/executor';
import type { TurnEvent, TurnFinished } from '../../../core/session/turn-events';
import type { ModelCallRecord } from '../../../core/session/turn-service';
import type { TurnStatus } from '../../../shared/turn';
import { CliError, type CliContext } from '../context';
import type { GlobalOptions } from '../program';
import { line as runLine } from './exec';

/** Exit codes of `run`, one per way a turn can end. */
export const RUN_EXIT: Record<TurnStatus, number> = { completed: 0, failed: 1, question: 6, cancelled: 5, unavailable: 7 };

const HELP = `
Runs one planner turn: the model outlines the request, the selector picks the APIs, the model writes an
action program over them, the verifier checks it (with repairs), the sandbox runs it, and the answer
lists the staged files. Without --apply nothing outside the staging folder changes.

The model is the one the settings choose (switchboard settings / Settings → Models); --provider
overrides which kind (openai: the OpenAI-compatible endpoint; local: the embedded model).
Approvals: --yes approves every external or destructive call; otherwise they are denied.

Exit codes: 0 completed, 1 failed, 5 cancelled, 6 the model asked a question back, 7 no usable model.`;

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

/** One line (or block) per turn event, for people. */
export function turnLine(event: TurnEvent): string | undefined {
  switch (event.type) {
    case 'turn.outline':
      return `outline (${event.mode}):\n${event.steps.map((s, i) => `  ${i + 1}. ${s.action} [search: ${s.search}; modules: ${s.modules.join(', ') || '-'}]`).join('\n')}${event.question ? `\n  question: ${event.question}` : ''}`;
    case 'turn.toolbox':
      return `toolbox (${event.tokens}/${event.budget} tokens${event.confident ? ', confident' : ''}):\n${event.apis.map((a) => `  ${a.name} ${a.score.toFixed(3)} (${a.why})`).join('\n')}`;
    case 'turn.program':
      return `program${event.attempt > 0 ? ` (attempt ${event.attempt + 1})` : ''}: ${event.summary}\n${indent(event.program)}`;
    case 'turn.diagnostics':
      return event.ok ? 'verify: ok' : `verify: refused\n${indent(event.text)}`;
    case 'turn.repair':
      return `repair (${event.kind}) ${event.attempt}: ${event.feedback.split('\n')[0]}`;
    default:
      return undefined;
  }
}

export interface CliTurnOptions {
  attach: string[];
  root: string[];
  provider?: 'openai' | 'local';
  mode?: 'auto' | 'one-call' | 'two-call';
  yes?: boolean;
  quiet?: boolean;
  /** Observers for evaluation records: turn events, run events and model calls. */
  record?: { turn?: (e: TurnEvent) => void; run?: (e: RunEvent) => void; model?: (call: ModelCallRecord) => void };
}

/** Runs one turn through the core's planner, printing its stages unless quiet; approvals are granted only with `yes`. */
export async function cliTurn(
  ctx: CliContext,
  core: Core,
  request: string,
  options: CliTurnOptions,
): Promise<TurnFinished | { status: 'unavailable'; reason: string }> {
  const say = (text: string | undefined) => {
    if (text !== undefined && !options.quiet) ctx.out(`${text}\n`);
  };
  const outcome = await core.turns.run({
    request,
    attachments: options.attach,
    roots: options.root,
    ...(options.provider ? { provider: options.provider } : {}),
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.record?.model ? { onModelCall: options.record.model } : {}),
    onEvent: (event) => {
      options.record?.turn?.(event);
      say(turnLine(event));
    },
    onRunEvent: (event) => {
      options.record?.run?.(event);
      say(runLine(event));
      if (event.type === 'run.approval.requested') core.executor.approve(event.runId, event.requestId, options.yes ? 'once' : 'deny');
    },
  });
  if (!outcome.ok) return { status: 'unavailable', reason: outcome.error.message };
  return outcome.value;
}

function provider(value: string): 'openai' | 'local' {
  if (value !== 'openai' && value !== 'local') throw new CliError(`--provider is openai or local, not ${value}`);
  return value;
}

export function registerRun(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description('plan and run one request with the model: outline, program, step results, staged files')
    .argument('<request>', 'what to do, in words')
    .option('--attach <file>', 'attach a file (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--root <dir>', 'grant a folder to the program (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--apply', 'apply the staged files when the turn completes')
    .option('--provider <name>', 'openai or local (default: the settings)', provider)
    .option('--mode <mode>', 'auto, one-call or two-call (default auto)')
    .option('--yes', 'approve every approval request')
    .addHelpText('after', HELP)
    .action(async (request: string, options: CliTurnOptions & { apply?: boolean }) => {
      const status = await ctx.withCore({ ...program.opts<GlobalOptions>(), prewarmVerifier: true }, async (_client, core) => {
        const finished = await cliTurn(ctx, core, request, options);
        if (finished.status === 'unavailable') {
          ctx.err(
            `no usable model: ${'reason' in finished ? finished.reason : ''}\nSet one up with \`switchboard settings\` or the app's Settings → Models.\n`,
          );
          return finished.status;
        }
        const turn = finished as TurnFinished;
        ctx.out(`answer:\n${indent(turn.answer)}\n`);
        const s = turn.statistics;
        ctx.out(
          `turn.finished ${turn.status} (${s.mode}, llm calls ${s.llmCalls}, tokens ${s.promptTokens}+${s.completionTokens}, repairs ${s.repairs}, ${s.timings.totalMs.toFixed(0)} ms)\n`,
        );
        if (turn.runId) {
          if (turn.status === 'completed' && options.apply) {
            const report = await core.executor.apply(turn.runId);
            for (const f of report.files) ctx.out(`applied ${f.action} ${f.target}\n`);
            ctx.out(`run.applied ${turn.runId} (undo: switchboard undo ${turn.runId})\n`);
          } else {
            await core.executor.discard(turn.runId).catch(() => undefined);
            if (turn.artifacts.length > 0) ctx.out('not applied (use --apply); staging discarded\n');
          }
        }
        return turn.status;
      });
      if (RUN_EXIT[status] !== 0) throw new CliError(`the turn ended ${status}`, RUN_EXIT[status]);
    });
}
