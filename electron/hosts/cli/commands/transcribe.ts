import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CliError, unwrap, type CliContext } from '../context';
import type { GlobalOptions } from '../program';

/** `switchboard transcribe <file.wav>`: the push-to-talk transcription path (speech.transcribe) from a file. */
export function registerTranscribe(program: Command, ctx: CliContext): void {
  program
    .command('transcribe')
    .description('transcribe a 16 kHz mono 16-bit WAV with the speech provider the settings choose (endpoint or local whisper.cpp)')
    .argument('[file]', 'the WAV file')
    .option('--language <code>', 'language hint, e.g. en')
    .option('--status', 'print which provider would transcribe, and why none can')
    .option('--json', 'print JSON')
    .action(async (file: string | undefined, options: { language?: string; status?: boolean; json?: boolean }) => {
      await ctx.withCore(program.opts<GlobalOptions>(), async (client) => {
        if (options.status) {
          const status = unwrap(await client.request('speech.status', {}));
          ctx.out(
            options.json
              ? `${JSON.stringify(status)}\n`
              : `${status.provider ?? 'none'}: ${status.message}${status.engineProblem ? `\n${status.engineProblem}` : ''}\n`,
          );
          return;
        }
        if (!file) throw new CliError('name a WAV file (or --status)');
        const audio = (await readFile(file)).toString('base64');
        const result = unwrap(await client.request('speech.transcribe', { audio, ...(options.language ? { language: options.language } : {}) }));
        ctx.out(options.json ? `${JSON.stringify(result)}\n` : `${result.text}\n`);
      });
    });
}
