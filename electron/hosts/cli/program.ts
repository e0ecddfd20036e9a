import { Command, CommanderError } from 'commander';
import { appVersion } from '../package-info';
import { registerApis } from './commands/apis';
import { registerBench } from './commands/bench';
import { registerChat } from './commands/chat';
import { registerConversations } from './commands/conversations';
import { registerExec, registerUndo } from './commands/exec';
import { registerInfo } from './commands/info';
import { registerMcp } from './commands/mcp';
import { registerModels } from './commands/models';
import { registerPackCredential } from './commands/pack-credential';
import { registerPackSecret } from './commands/pack-secret';
import { registerPacks } from './commands/packs';
import { registerProviders } from './commands/providers';
import { registerRuns } from './commands/runs';
import { registerEval } from './commands/eval';
import { registerRun } from './commands/run';
import { registerSelectorIndex } from './commands/selector-index';
import { registerSettings } from './commands/settings';
import { registerTranscribe } from './commands/transcribe';
import { registerWeb } from './commands/web';
import { CliError, createCliContext, type CliContext, type CliOptions } from './context';
import { errorMessage } from '../../shared/errors';
import { terminalSink } from './terminal-text';
import type { CliInput } from './ask-yes-no';

/** Builds the `switchboard` command tree. Later features add their subcommands here (run, exec, packs, ...). */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('switchboard')
    .description('Switchboard: an office assistant that turns requests into verified, previewed programs.')
    .option('--home <dir>', 'data folder (default: $SWITCHBOARD_HOME or ~/.switchboard)')
    .option('-v, --verbose', 'print log records to stderr')
    .configureOutput({ writeOut: ctx.out, writeErr: ctx.err })
    .exitOverride()
    .showHelpAfterError();
  program
    .command('version')
    .description('print the version')
    .action(() => ctx.out(`${appVersion()}\n`));
  registerInfo(program, ctx);
  registerSettings(program, ctx);
  registerProviders(program, ctx);
  registerChat(program, ctx);
  registerWeb(program, ctx);
  registerPacks(program, ctx);
  registerPackCredential(program, ctx);
  registerPackSecret(program, ctx);
  registerApis(program, ctx);
  registerSelectorIndex(program, ctx);
  registerExec(program, ctx);
  registerUndo(program, ctx);
  registerRuns(program, ctx);
  registerModels(program, ctx);
  registerTranscribe(program, ctx);
  registerBench(program, ctx);
  registerRun(program, ctx);
  registerEval(program, ctx);
  registerMcp(program, ctx);
  registerConversations(program, ctx);
  return program;
}

/** Runs the CLI and resolves to its exit code; never calls process.exit itself. */
export async function runCli(
  argv: readonly string[],
  io: { out: (t: string) => void; err: (t: string) => void; env: NodeJS.ProcessEnv; stdin?: CliInput },
  options: CliOptions = {},
): Promise<number> {
  // Every printer goes through these: nothing a program, pack or file controls is obeyed by the terminal.
  const safe = { out: terminalSink(io.out), err: terminalSink(io.err), env: io.env, stdin: io.stdin };
  const ctx = createCliContext(safe, options);
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      safe.err(`switchboard: ${error.message}\n`);
      return error.exitCode;
    }
    safe.err(`switchboard: ${errorMessage(error)}\n`);
    return 1;
  }
}

export type GlobalOptions = { home?: string; verbose?: boolean };
