import type { Command } from 'commander';
import { CliError, unwrap, type CliContext } from '../context';
import type { GlobalOptions } from '../program';

export function registerSettings(program: Command, ctx: CliContext): void {
  const settings = program.command('settings').description('read and change settings');
  settings
    .command('get')
    .description('print the settings as JSON')
    .action(async () => {
      const value = await ctx.withCore(program.opts<GlobalOptions>(), async (client) => unwrap(await client.request('settings.get', {})));
      ctx.out(`${JSON.stringify(value, null, 2)}\n`);
    });
  settings
    .command('set')
    .description('apply a partial update given as JSON, e.g. \'{"appearance":{"theme":"dark"}}\'')
    .argument('<json>', 'the partial settings')
    .action(async (json: string) => {
      let patch: unknown;
      try {
        patch = JSON.parse(json);
      } catch {
        throw new CliError('the settings update is not valid JSON', 2);
      }
      const value = await ctx.withCore(program.opts<GlobalOptions>(), async (client) => unwrap(await client.request('settings.set', patch as never)));
      ctx.out(`${JSON.stringify(value, null, 2)}\n`);
    });
}
