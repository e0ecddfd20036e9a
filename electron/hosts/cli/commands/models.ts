import type { Command } from 'commander';
import type { ModelInfo } from '../../../shared/models';
import { CliError, unwrap, type CliContext } from '../context';
import type { GlobalOptions } from '../program';

type ModelsOptions = { catalog?: string };

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function line(m: ModelInfo): string {
  const state = m.installed ? 'installed' : m.partialBytes > 0 ? `partial ${mb(m.partialBytes)}` : 'not installed';
  const checksum = m.checksum === 'none' ? 'no published checksum' : m.checksum;
  return `${m.id}  ${m.kind}  ${m.sizeApprox ? '~' : ''}${mb(m.size)}  ${state}  ${checksum}  ${m.label}`;
}

export function registerModels(program: Command, ctx: CliContext): void {
  const models = program
    .command('models')
    .description('list, download, remove and verify model files (the models folder: $SWITCHBOARD_MODELS_DIR or <home>/models)')
    .option('--catalog <file>', 'a JSON model catalogue to use instead of the built-in one (also $SWITCHBOARD_MODEL_CATALOG)');
  const run = <T>(fn: Parameters<CliContext['withCore']>[1]) => {
    const { catalog } = models.opts<ModelsOptions>();
    return ctx.withCore({ ...program.opts<GlobalOptions>(), ...(catalog ? { env: { SWITCHBOARD_MODEL_CATALOG: catalog } } : {}) }, fn) as Promise<T>;
  };

  models
    .command('list')
    .description('the catalogue of recommended models and what is installed')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await run<ModelInfo[]>(async (client) => unwrap(await client.request('models.list', {})));
      ctx.out(options.json ? `${JSON.stringify(list, null, 2)}\n` : list.map((m) => `${line(m)}\n`).join(''));
    });

  models
    .command('pull')
    .description('download a model: progress on stderr, resumes a partial download, verifies the checksum')
    .argument('<id>', 'model id from `models list`')
    .action(async (id: string) => {
      const model = await run<ModelInfo>(async (client) => {
        let lastPercent = -1;
        const off = client.on('models.progress', (p) => {
          if (p.phase === 'verify') return ctx.err(`${p.id}: verifying ${mb(p.received)}\n`);
          const percent = p.total ? Math.floor((p.received / p.total) * 100) : -1;
          if (percent === lastPercent || (percent % 10 !== 0 && percent !== 100)) return;
          lastPercent = percent;
          ctx.err(`${p.id}: ${mb(p.received)}${p.total ? ` of ${mb(p.total)} (${percent}%)` : ''}\n`);
        });
        try {
          return unwrap(await client.request('models.pull', { id }));
        } finally {
          off();
        }
      });
      ctx.out(`installed ${model.id} (${model.checksum === 'none' ? 'no published checksum; its sha256 was recorded' : `${model.checksum} verified`})\n`);
    });

  models
    .command('rm')
    .description('remove a downloaded model (and any partial download of it)')
    .argument('<id>', 'model id')
    .action(async (id: string) => {
      const model = await run<ModelInfo>(async (client) => unwrap(await client.request('models.remove', { id })));
      ctx.out(`removed ${model.id}\n`);
    });

  models
    .command('verify')
    .description('check installed models against their checksums; exits 1 on a mismatch')
    .action(async () => {
      const results = await run<{ id: string; status: string; message: string }[]>(async (client) => unwrap(await client.request('models.verify', {})));
      ctx.out(results.map((r) => `${r.id}  ${r.status}  ${r.message}\n`).join(''));
      const bad = results.filter((r) => r.status === 'mismatch').map((r) => r.id);
      if (bad.length > 0) throw new CliError(`checksum mismatch: ${bad.join(', ')} (remove and pull again)`);
    });
}
