import type { Command } from 'commander';
import { unwrap, type CliContext } from '../context';
import type { GlobalOptions } from '../program';

export function registerInfo(program: Command, ctx: CliContext): void {
  program
    .command('info')
    .description('print version, host and data paths as JSON')
    .action(async () => {
      const info = await ctx.withCore(program.opts<GlobalOptions>(), async (client) => unwrap(await client.request('app.info', {})));
      ctx.out(`${JSON.stringify(info, null, 2)}\n`);
    });
}
