import type { Command } from 'commander';
import { CliError, unwrap, type CliContext } from '../context';
import type { GlobalOptions } from '../program';

export function registerApis(program: Command, ctx: CliContext): void {
  const apis = program.command('apis').description('browse the API registry');

  apis
    .command('list')
    .description('list every API with its effect and one-line summary')
    .option('--module <module>', 'only this module')
    .option('--json', 'print JSON')
    .action(async (options: { module?: string; json?: boolean }) => {
      const list = await ctx.withCore(program.opts<GlobalOptions>(), async (client) => unwrap(await client.request('apis.list', { module: options.module })));
      ctx.out(options.json ? `${JSON.stringify(list, null, 2)}\n` : list.map((a) => `${a.name}  [${a.effects}]  ${a.summary}\n`).join('') || 'no APIs\n');
    });

  apis
    .command('show')
    .description('print an API document and its TypeScript declaration')
    .argument('<name>', 'module.verb')
    .option('--json', 'print the document as JSON only')
    .action(async (name: string, options: { json?: boolean }) => {
      const detail = await ctx.withCore(program.opts<GlobalOptions>(), async (client) => {
        const result = await client.request('apis.get', { name });
        if (!result.ok && result.error.code === 'NOT_FOUND') throw new CliError(result.error.message);
        return unwrap(result);
      });
      if (options.json) return ctx.out(`${JSON.stringify(detail.document, null, 2)}\n`);
      ctx.out(
        `${JSON.stringify(detail.document, null, 2)}\n\n${detail.declaration}\n// about ${detail.tokens.full} tokens (compact: ${detail.tokens.compact})\n`,
      );
    });
}
