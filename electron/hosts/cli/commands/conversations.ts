import type { Command } from 'commander';
import { CliError, unwrap, type CliContext } from '../context';
import type { GlobalOptions } from '../program';

const FORMATS = ['md', 'html', 'json'] as const;

export function registerConversations(program: Command, ctx: CliContext): void {
  const conversations = program.command('conversations').description('list and export conversations');
  conversations
    .command('list')
    .description('list conversations, newest first')
    .option('--query <text>', 'only conversations whose text contains this')
    .action(async (options: { query?: string }) => {
      const list = await ctx.withCore(program.opts<GlobalOptions>(), async (client) =>
        unwrap(await client.request('conversations.list', { query: options.query, limit: 200 })),
      );
      for (const c of list) ctx.out(`${c.id}  ${c.updatedAt}  ${c.messageCount} messages  ${c.title}\n`);
    });
  conversations
    .command('export')
    .description('export a conversation (messages, plan, program, calls, results, files) as Markdown, HTML or JSON')
    .argument('<id>', 'the conversation id (see `conversations list`)')
    .option('--format <format>', 'md, html or json', 'md')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (id: string, options: { format: string; out?: string }) => {
      if (!(FORMATS as readonly string[]).includes(options.format))
        throw new CliError(`--format must be one of ${FORMATS.join(', ')}, not ${options.format}`, 2);
      const format = options.format as (typeof FORMATS)[number];
      const result = await ctx.withCore(program.opts<GlobalOptions>(), async (client) => unwrap(await client.request('conversations.export', { id, format })));
      if (!options.out) {
        ctx.out(result.content);
        return;
      }
      const { writeFile } = await import('node:fs/promises');
      await writeFile(options.out, result.content, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
        throw new CliError(error.code === 'EEXIST' ? `${options.out} already exists; choose another --out` : `cannot write ${options.out}: ${error.message}`);
      });
      ctx.err(`wrote ${options.out}\n`);
    });
}
