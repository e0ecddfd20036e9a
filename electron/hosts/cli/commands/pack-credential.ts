import type { Command } from 'commander';
import { CliError, type CliContext } from '../context';
import type { GlobalOptions } from '../program';

/** `packs credential <pack>`: the credential an OpenAPI pack sends, kept in the secret store. */
export function registerPackCredential(program: Command, ctx: CliContext): void {
  const packs = program.commands.find((c) => c.name() === 'packs');
  if (!packs) throw new Error('register packs first');
  packs
    .command('credential')
    .description('set or clear the credential an OpenAPI pack sends (kept in the secret store)')
    .argument('<pack>', 'the pack name (packs list)')
    .option('--bearer <token>', 'send Authorization: Bearer <token>')
    .option('--basic <user:password>', 'send HTTP basic authentication')
    .option('--api-key-header <name=value>', 'send an API key in a header')
    .option('--api-key-query <name=value>', 'send an API key as a query parameter')
    .option('--clear', 'remove the stored credential')
    .action(async (pack: string, options: { bearer?: string; basic?: string; apiKeyHeader?: string; apiKeyQuery?: string; clear?: boolean }) => {
      const given = [options.bearer, options.basic, options.apiKeyHeader, options.apiKeyQuery, options.clear].filter((v) => v !== undefined);
      if (given.length !== 1) throw new CliError('give exactly one of --bearer, --basic, --api-key-header, --api-key-query, --clear', 2);
      const pair = (v: string, what: string): [string, string] => {
        const at = v.indexOf(what === 'basic' ? ':' : '=');
        if (at <= 0) throw new CliError(what === 'basic' ? '--basic takes user:password' : `--api-key-${what} takes name=value`, 2);
        return [v.slice(0, at), v.slice(at + 1)];
      };
      const credential = options.bearer
        ? { kind: 'bearer', token: options.bearer }
        : options.basic
          ? (([username, password]) => ({ kind: 'basic', username, password }))(pair(options.basic, 'basic'))
          : options.apiKeyHeader
            ? (([name, value]) => ({ kind: 'apiKey', in: 'header', name, value }))(pair(options.apiKeyHeader, 'header'))
            : options.apiKeyQuery
              ? (([name, value]) => ({ kind: 'apiKey', in: 'query', name, value }))(pair(options.apiKeyQuery, 'query'))
              : undefined;
      await ctx.withCore(program.opts<GlobalOptions>(), async (_client, core) => {
        const record = core.registry.getPack(pack);
        if (!record) throw new CliError(`pack ${pack} is not installed`);
        if (record.kind !== 'openapi') throw new CliError(`pack ${pack} is a ${record.kind} pack; credentials are for OpenAPI packs`, 2);
        const { packCredentialKey } = await import('../../../core/platform/pack-manager');
        if (credential) await core.secrets.set(packCredentialKey(pack), JSON.stringify(credential));
        else await core.secrets.delete(packCredentialKey(pack));
      });
      ctx.out(credential ? `credential (${credential.kind}) stored for ${pack}\n` : `credential of ${pack} removed\n`);
    });
}
