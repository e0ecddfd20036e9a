import type { Command } from 'commander';
import { CliError, type CliContext } from '../context';
import type { GlobalOptions } from '../program';
import { readSecret } from '../read-secret';

const SECRET_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

function checked(pack: string, name: string): void {
  if (!SECRET_NAME.test(name)) throw new CliError(`${name} is not a secret name: lower-case letters, digits, ".", "_" and "-", e.g. imap.password`, 2);
  if (!SECRET_NAME.test(pack)) throw new CliError(`${pack} is not a pack name`, 2);
}

/**
 * `packs secret set|clear <pack> <name>`: a secret a pack reads with `ctx.settings.secret(name)` (the email pack's
 * `smtp.password` and `imap.password`), kept in the secret store. The value comes from a hidden prompt or stdin,
 * never an argument.
 */
export function registerPackSecret(program: Command, ctx: CliContext): void {
  const packs = program.commands.find((c) => c.name() === 'packs');
  if (!packs) throw new Error('register packs first');
  const secret = packs.command('secret').description("set or clear a secret a pack reads, e.g. the email pack's imap.password (kept in the secret store)");
  const store = async (pack: string, name: string, value: string | undefined) => {
    const { packSecretName } = await import('../../../core/config/secrets');
    await ctx.withCore(program.opts<GlobalOptions>(), async (_client, core) => {
      if (!core.registry.getPack(pack)) throw new CliError(`pack ${pack} is not installed (switchboard packs list)`);
      if (value === undefined) await core.secrets.delete(packSecretName(pack, name));
      else await core.secrets.set(packSecretName(pack, name), value);
    });
  };
  secret
    .command('set')
    .description('store the secret, read from a hidden prompt or from stdin (never an argument)')
    .argument('<pack>', 'the pack name, e.g. email')
    .argument('<name>', 'the secret name, e.g. imap.password or smtp.password')
    .action(async (pack: string, name: string) => {
      checked(pack, name);
      const value = await readSecret(`${name} for ${pack} (input hidden): `).catch(() => {
        throw new CliError('cancelled: nothing stored', 130);
      });
      if (!value) throw new CliError('no value given: nothing stored', 2);
      await store(pack, name, value);
      ctx.out(`stored ${name} for ${pack}\n`);
    });
  secret
    .command('clear')
    .description('forget the secret')
    .argument('<pack>', 'the pack name')
    .argument('<name>', 'the secret name')
    .action(async (pack: string, name: string) => {
      checked(pack, name);
      await store(pack, name, undefined);
      ctx.out(`removed ${name} of ${pack}\n`);
    });
}
