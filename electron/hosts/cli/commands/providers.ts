import type { Command } from 'commander';
import type { ProvidersState } from '../../../shared/models';
import type { ProviderPresetId } from '../../../shared/settings';
import { CliError, unwrap, type CliContext } from '../context';
import type { GlobalOptions } from '../program';
import { readSecret } from '../read-secret';

// Spelled out here (the contract's PROVIDER_PRESET_IDS checks it at compile time) so `--help` loads no zod.
const PROVIDER_PRESET_IDS = ['openai', 'azure', 'ollama', 'lmstudio', 'vllm', 'llamacpp', 'custom'] as const satisfies readonly ProviderPresetId[];
type Missing = Exclude<ProviderPresetId, (typeof PROVIDER_PRESET_IDS)[number]>;
const allPresetsListed: Missing extends never ? true : false = true;
void allPresetsListed;

function presetOf(value: string): ProviderPresetId {
  if ((PROVIDER_PRESET_IDS as readonly string[]).includes(value)) return value as ProviderPresetId;
  throw new CliError(`unknown provider ${value}: one of ${PROVIDER_PRESET_IDS.join(', ')}, or local`, 2);
}

function describe(state: ProvidersState): string {
  const active = state.settings.provider === 'local' ? 'local' : state.settings.openai.preset;
  const lines = [`  local  ${active === 'local' ? '(active) ' : ''}the embedded model on this machine, no key, no network`];
  for (const p of state.presets) {
    const key = p.needsKey ? (state.keys[p.id] ? 'key set' : 'no key yet') : 'no key needed';
    lines.push(`  ${p.id}  ${active === p.id ? '(active) ' : ''}${p.label}  ${p.baseURL}  ${key}`);
  }
  return `${lines.join('\n')}\nkeys are kept in the ${state.secretStore} secret store\n`;
}

/** `switchboard providers list | use <preset> | key set <provider> | key clear <provider> | test`. */
export function registerProviders(program: Command, ctx: CliContext): void {
  const providers = program.command('providers').description('choose the model provider (local, or an OpenAI-compatible endpoint) and store its key');
  const run = <T>(fn: Parameters<CliContext['withCore']>[1]) => ctx.withCore(program.opts<GlobalOptions>(), fn) as Promise<T>;

  providers
    .command('list')
    .description('the providers, which one is active, and whether its key is set')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const state = await run<ProvidersState>(async (client) => unwrap(await client.request('providers.list', {})));
      ctx.out(options.json ? `${JSON.stringify(state, null, 2)}\n` : describe(state));
    });

  providers
    .command('use')
    .description('make a provider active: local, or a preset (openai, azure, ollama, lmstudio, vllm, llamacpp, custom)')
    .argument('<preset>', 'local or a preset id')
    .option('--base-url <url>', 'the endpoint, when it differs from the preset (Azure, custom, another port)')
    .option('--model <name>', 'the chat model for planning and code (default: the preset’s)')
    .action(async (name: string, options: { baseUrl?: string; model?: string }) => {
      const patch =
        name === 'local'
          ? { provider: 'local' as const }
          : {
              provider: 'openai' as const,
              openai: {
                preset: presetOf(name),
                ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
                ...(options.model ? { models: { planner: options.model, coder: options.model } } : {}),
              },
            };
      const state = await run<ProvidersState>(async (client) => unwrap(await client.request('providers.set', patch)));
      ctx.out(describe(state));
      const preset = state.presets.find((p) => p.id === name);
      if (preset?.needsKey && !state.keys[preset.id]) ctx.err(`${preset.label} needs a key: switchboard providers key set ${preset.id}\n`);
    });

  const key = providers.command('key').description('store or clear a provider’s API key (never given as an argument)');
  key
    .command('set')
    .description('read the key from a hidden prompt, or from stdin when it is not a terminal')
    .argument('<provider>', 'a preset id')
    .action(async (name: string) => {
      const preset = presetOf(name);
      const secret = await readSecret(`API key for ${preset} (input hidden): `).catch(() => {
        throw new CliError('cancelled: no key stored', 130);
      });
      if (!secret) throw new CliError('no key given: nothing stored', 2);
      await run(async (client) => unwrap(await client.request('providers.key.set', { preset, key: secret })));
      ctx.out(`stored the ${preset} key\n`);
    });
  key
    .command('clear')
    .description('forget a provider’s key')
    .argument('<provider>', 'a preset id')
    .action(async (name: string) => {
      const preset = presetOf(name);
      await run(async (client) => unwrap(await client.request('providers.key.clear', { preset })));
      ctx.out(`cleared the ${preset} key\n`);
    });

  providers
    .command('test')
    .description('try the active provider: list the endpoint’s models, or check the local model file')
    .action(async () => {
      const result = await run<{ ok: boolean; message: string; models: string[] }>(async (client) => unwrap(await client.request('providers.test', {})));
      ctx.out(`${result.message}\n${result.models.map((m) => `  ${m}\n`).join('')}`);
      if (!result.ok) throw new CliError('the provider did not answer as expected', 1);
    });
}
