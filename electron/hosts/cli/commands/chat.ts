import type { Command } from 'commander';
import { unwrap, type CliContext } from '../context';
import type { GlobalOptions } from '../program';

export function registerChat(program: Command, ctx: CliContext): void {
  program
    .command('chat')
    .description('send one chat message and print the reply')
    .argument('<text...>', 'the message')
    .option('--json', 'print the whole turn as JSON')
    .action(async (words: string[], options: { json?: boolean }) => {
      const turn = await ctx.withCore(program.opts<GlobalOptions>(), async (client) => unwrap(await client.request('chat.send', { text: words.join(' ') })));
      ctx.out(options.json ? `${JSON.stringify(turn)}\n` : `${turn.reply.text}\n`);
    });
}
