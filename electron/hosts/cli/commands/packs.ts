import type { Command } from 'commander';
import type { PackInspection, PackSummary } from '../../../shared/platform';
import { askYesNo } from '../ask-yes-no';
import { CliError, unwrap, type CliContext } from '../context';
import type { GlobalOptions } from '../program';

/** What a person reads with an installed pack: its permissions, and any text that reads like instructions to the assistant. */
function installNotes(pack: PackInspection): string {
  const { folders, hosts } = pack.permissions;
  const asks =
    pack.kind === 'mcp'
      ? 'runs as its own program with your account’s rights'
      : `folders: ${folders.join(', ') || 'none'}; hosts: ${hosts.join(', ') || 'none'}`;
  const warnings = pack.warnings.map((w) => `  warning: ${w}\n`).join('');
  const kept =
    pack.warnings.length > 0
      ? '  (such text is kept out of the assistant’s prompts; remove the pack if you do not trust it: switchboard packs remove ' + pack.name + ')\n'
      : '';
  return `  permissions: ${asks}\n${warnings}${kept}`;
}

function line(pack: PackSummary): string {
  const flagged =
    pack.warnings.length > 0 ? `  (${pack.warnings.length} warning${pack.warnings.length === 1 ? '' : 's'}: text that reads like instructions)` : '';
  return `${pack.name}@${pack.version}  ${pack.kind}  ${pack.module}.*  ${pack.apis.length} API${pack.apis.length === 1 ? '' : 's'}  ${pack.source}${flagged}`;
}

export function registerPacks(program: Command, ctx: CliContext): void {
  const packs = program.command('packs').description('install, update, remove and inspect API packs');
  const run = <T>(fn: Parameters<CliContext['withCore']>[1]) => ctx.withCore(program.opts<GlobalOptions>(), fn) as Promise<T>;

  packs
    .command('init')
    .description('write a working pack skeleton: manifest, one API with its test, a README')
    .argument('<name>', 'npm-style pack name, e.g. weather-report (its APIs become weatherReport.*)')
    .option('--dir <folder>', 'where to write it (default: ./<name>; must not exist or be empty)')
    .action(async (name: string, options: { dir?: string }) => {
      const { writePackSkeleton } = await import('../pack-skeleton');
      const made = await writePackSkeleton(name, options.dir ?? name.replace(/^@[^/]+\//, ''));
      ctx.out(`wrote ${made.files.join(', ')} in ${made.dir}\nnext: cd ${made.dir} && npm test && switchboard packs add ${made.dir}\n`);
    });

  packs
    .command('list')
    .description('list installed packs')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await run<PackSummary[]>(async (client) => unwrap(await client.request('packs.list', {})));
      ctx.out(options.json ? `${JSON.stringify(list, null, 2)}\n` : list.map((p) => `${line(p)}\n`).join('') || 'no packs\n');
    });

  packs
    .command('add')
    .description('install a pack: <folder|file.tgz|file.zip|npm-name[@range]|mcp:<command>|mcp+http:<url>|openapi:<file-or-url>>')
    .argument('<source>', 'where the pack comes from')
    .option('--module <name>', 'namespace for an MCP server’s tools or an OpenAPI description’s operations (default: from the command or the title)')
    .option('-y, --yes', 'install without asking')
    .addHelpText(
      'after',
      '\nFirst shows what the pack asks for (folders, hosts, warnings). On a terminal it then asks "Install? [y/N]"\n' +
        'unless --yes is given; when standard input is not a terminal it prints the same and installs without asking.',
    )
    .action(async (spec: string, options: { module?: string; yes?: boolean }) => {
      const stdin = ctx.stdin ?? process.stdin;
      const pack = await run<PackSummary | undefined>(async (client) => {
        const asked = { spec, module: options.module };
        const preview = unwrap(await client.request('packs.inspect', asked));
        ctx.out(`${preview.name}@${preview.version}  ${preview.kind}  ${preview.module}.*  from ${preview.source}\n${installNotes(preview)}`);
        if (!options.yes && stdin.isTTY && !(await askYesNo('Install? [y/N] ', stdin, ctx.out))) return undefined;
        return unwrap(await client.request('packs.add', asked));
      });
      if (!pack) throw new CliError('not installed');
      ctx.out(`installed ${line(pack)}\n${pack.apis.map((a) => `  ${a}\n`).join('')}`);
    });

  packs
    .command('update')
    .description('re-fetch a pack from its source and replace it atomically')
    .argument('<pack>', 'pack name or module')
    .action(async (name: string) => {
      const pack = await run<PackSummary>(async (client) => unwrap(await client.request('packs.update', { name })));
      ctx.out(`updated ${line(pack)}\n${installNotes(pack)}`);
    });

  packs
    .command('remove')
    .description('remove an installed pack')
    .argument('<pack>', 'pack name or module')
    .action(async (name: string) => {
      const pack = await run<PackSummary>(async (client) => unwrap(await client.request('packs.remove', { name })));
      ctx.out(`removed ${pack.name}@${pack.version}\n`);
    });

  packs
    .command('stats')
    .description('usage figures per API of a pack (calls, failures, latency, applied, discarded, thumbs)')
    .argument('<pack>', 'pack name or module')
    .option('--json', 'print JSON')
    .option('--csv', 'print CSV')
    .action(async (name: string, options: { json?: boolean; csv?: boolean }) => {
      const stats = await run<{ figures: unknown[]; csv: string }>(async (client) => unwrap(await client.request('packs.stats', { name })));
      if (options.csv) return ctx.out(stats.csv);
      if (options.json) return ctx.out(`${JSON.stringify(stats.figures, null, 2)}\n`);
      const rows = stats.figures as {
        api: string;
        calls: number;
        failures: number;
        p50Ms: number;
        p95Ms: number;
        applied: number;
        discarded: number;
        thumbsUp: number;
        thumbsDown: number;
      }[];
      ctx.out(
        rows.length === 0
          ? `no usage recorded for ${name}\n`
          : rows
              .map(
                (r) =>
                  `${r.api}  calls ${r.calls}  failures ${r.failures}  p50 ${r.p50Ms} ms  p95 ${r.p95Ms} ms  applied ${r.applied}  discarded ${r.discarded}  +${r.thumbsUp}/-${r.thumbsDown}\n`,
              )
              .join(''),
      );
    });
}
