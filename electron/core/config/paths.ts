import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where Switchboard keeps its data. Every path is absolute. */
export interface AppPaths {
  home: string;
  settingsFile: string;
  logsDir: string;
  packsDir: string;
  modelsDir: string;
  stagingDir: string;
  conversationsDir: string;
}

/**
 * Resolves the data folder: an explicit home (Electron passes app.getPath('userData')), else
 * SWITCHBOARD_HOME, else ~/.switchboard. The models folder can be moved with SWITCHBOARD_MODELS_DIR.
 */
export function resolvePaths(options: { home?: string; env?: NodeJS.ProcessEnv } = {}): AppPaths {
  const env = options.env ?? process.env;
  const home = resolve(options.home ?? nonEmpty(env.SWITCHBOARD_HOME) ?? join(homedir(), '.switchboard'));
  return {
    home,
    settingsFile: join(home, 'settings.json'),
    logsDir: join(home, 'logs'),
    packsDir: join(home, 'packs'),
    modelsDir: resolve(nonEmpty(env.SWITCHBOARD_MODELS_DIR) ?? join(home, 'models')),
    stagingDir: join(home, 'staging'),
    conversationsDir: join(home, 'conversations'),
  };
}

/**
 * The npm registry that packs named by package come from: SWITCHBOARD_NPM_REGISTRY, else the registry npm
 * itself is configured with (npm_config_registry, set when run through `npm run`), else undefined (npmjs.org).
 */
export function npmRegistryUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return nonEmpty(env.SWITCHBOARD_NPM_REGISTRY) ?? nonEmpty(env.npm_config_registry);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}
