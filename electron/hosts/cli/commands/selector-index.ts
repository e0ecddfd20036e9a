import type { Command } from 'commander';
import type { Core } from '../../../core/create-core';
import type { SwitchboardBridge } from '../../../shared/contract';
import { CliError, type CliContext } from '../context';
import type { GlobalOptions } from '../program';
import { readSecret } from '../read-secret';

/** `index …`: where the API selector's index lives (local or shared object storage), its keys, and a rebuild. */
export function registerSelectorIndex(program: Command, ctx: CliContext): void {
  const index = program.command('index').description('the API selector index: where it lives, object-storage keys, rebuild');
  const withCore = <T>(fn: (client: SwitchboardBridge, core: Core) => Promise<T>): Promise<T> => ctx.withCore(program.opts<GlobalOptions>(), fn);

  index
    .command('show')
    .description('the index URI, whether it is shared, its current generation and whether keys are stored')
    .action(async () => {
      const text = await withCore(async (_client, core) => {
        const { resolveIndexLocation, INDEX_SECRETS } = await import('../../../core/selector/index-location');
        const settings = core.settings.get().selector.index;
        const location = await resolveIndexLocation({ home: core.paths.home, env: ctx.env, settings, secret: (n) => core.secrets.get(n) });
        const keys = (await core.secrets.has(INDEX_SECRETS.accessKeyId))
          ? 'in the secret store'
          : ctx.env.AWS_ACCESS_KEY_ID
            ? 'from AWS_ACCESS_KEY_ID'
            : 'none';
        const lines = [`uri: ${location.uri}`, `shared: ${location.shared ? 'yes (object storage)' : 'no (local folder)'}`];
        if (location.storageOptions?.endpoint) lines.push(`endpoint: ${location.storageOptions.endpoint}`);
        if (location.storageOptions?.region) lines.push(`region: ${location.storageOptions.region}`);
        if (location.shared) lines.push(`keys: ${keys}`, `refresh: every ${settings.refreshSeconds} s; superseded generations kept ${settings.keepSeconds} s`);
        return `${lines.join('\n')}\n`;
      });
      ctx.out(text);
    });

  const credentials = index.command('credentials').description('the S3 keys of a shared index, kept in the secret store (never in settings.json)');
  credentials
    .command('set')
    .description('store the access key id and the secret access key (read from a hidden prompt, or stdin)')
    .requiredOption('--access-key-id <id>', 'the access key id')
    .action(async (options: { accessKeyId: string }) => {
      if (!/^[A-Za-z0-9+/=_-]{3,128}$/.test(options.accessKeyId)) throw new CliError('--access-key-id: letters, digits and + / = _ - only (3 to 128)', 2);
      const secret = await readSecret('secret access key (input hidden): ').catch(() => {
        throw new CliError('cancelled: nothing stored', 130);
      });
      if (!secret) throw new CliError('no secret access key given: nothing stored', 2);
      await withCore(async (_client, core) => {
        const { INDEX_SECRETS } = await import('../../../core/selector/index-location');
        await core.secrets.set(INDEX_SECRETS.accessKeyId, options.accessKeyId);
        await core.secrets.set(INDEX_SECRETS.secretAccessKey, secret);
      });
      ctx.out('stored the selector index keys\n');
    });
  credentials
    .command('clear')
    .description('forget the stored keys (AWS_* variables, if set, apply again)')
    .action(async () => {
      await withCore(async (_client, core) => {
        const { INDEX_SECRETS } = await import('../../../core/selector/index-location');
        for (const name of Object.values(INDEX_SECRETS)) await core.secrets.delete(name);
      });
      ctx.out('cleared the selector index keys\n');
    });

  index
    .command('rebuild')
    .description('build the index from the installed packs; on object storage, publish it as a new generation for everyone')
    .action(async () => {
      const size = await withCore(async (_client, core) => {
        const selector = await core.selector.selector();
        await selector.rebuild('requested from the command line');
        return selector.size;
      });
      ctx.out(`index rebuilt: ${size} APIs\n`);
    });
}
