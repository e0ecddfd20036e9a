import { join } from 'node:path';
import type { PackDefinition } from '../../apis/sdk';
import type { AppInfo, EventName, Handlers, HostKind } from '../shared/contract';
import { resolvePaths, type AppPaths } from './config/paths';
import { SettingsStore } from './config/settings-store';
import { EventBus } from './events';
import { ClientConnection, type ConnectionLimits } from './ipc/client-connection';
import { createRouter, type Router } from './ipc/router';
import { DisposableStore } from './lifecycle';
import { fileSink } from './log/file-sink';
import { createLogger, type LogLevel, type LogSink, type Logger } from './log/logger';
import { ChatService } from './session/chat-service';
import { packKinds } from './platform/kinds';
import { PackManager } from './platform/pack-manager';
import { platformHandlers } from './platform/platform-handlers';
import { ApiRegistry } from './platform/registry';
import { UsageStore } from './platform/usage-store';
import { selectorHandlers } from './selector/selector-handlers';
import { SelectorService } from './selector/selector-service';

export interface CoreOptions {
  host: HostKind;
  /** Data folder; defaults to SWITCHBOARD_HOME or ~/.switchboard. */
  home?: string;
  env?: NodeJS.ProcessEnv;
  appVersion: string;
  /** Runtime versions to report (Electron passes its own). */
  versions?: { electron?: string; chrome?: string };
  /** Built-in packs, chosen by the composition root. */
  packs?: readonly PackDefinition[];
  /** Extra log sinks; a JSON-lines file in the logs folder is always written. */
  logSinks?: LogSink[];
  logLevel?: LogLevel;
}

/** The composed engine: services, the route handlers and the means to connect clients. */
export interface Core {
  readonly paths: AppPaths;
  readonly logger: Logger;
  readonly bus: EventBus;
  readonly settings: SettingsStore;
  readonly handlers: Handlers;
  readonly router: Router;
  readonly registry: ApiRegistry;
  readonly packs: PackManager;
  readonly usage: UsageStore;
  /** The API selector (opens on first use); the executor calls selector.recordFeedback after a run. */
  readonly selector: SelectorService;
  /** Connects one client (window, socket). Release it with {@link Core.disconnect}; the core disposes the rest. */
  connect(id: string, sendEvent: (event: EventName, payload: unknown) => void, limits?: Partial<ConnectionLimits>): ClientConnection;
  disconnect(connection: ClientConnection): Promise<void>;
  dispose(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const disposables = new DisposableStore();
  const paths = resolvePaths({ home: options.home, env: options.env });
  const logger = createLogger({
    sinks: [fileSink(join(paths.logsDir, 'switchboard.log')), ...(options.logSinks ?? [])],
    level: options.logLevel ?? 'info',
  });
  const bus = disposables.add(new EventBus());
  const settings = new SettingsStore(paths.settingsFile, bus, logger.child('settings'));
  await settings.load();
  const chat = new ChatService(bus);
  const registry = new ApiRegistry(join(paths.packsDir, 'registry.json'), logger.child('registry'));
  const usage = disposables.add(new UsageStore(join(paths.home, 'usage.json'), logger.child('usage')));
  await usage.load();
  const packs = disposables.add(
    new PackManager({ registry, usage, packsDir: paths.packsDir, builtins: options.packs ?? [], kinds: packKinds, logger: logger.child('packs') }),
  );
  await packs.start();
  disposables.add(registry.onChange((change) => bus.emit('registry.changed', change)));
  const selector = disposables.add(
    new SelectorService({ registry, usage, logger: logger.child('selector'), home: paths.home, modelsDir: paths.modelsDir, env: options.env ?? process.env, onWarning: (w) => bus.emit('selector.warning', w) }),
  );

  const info: AppInfo = {
    name: 'Switchboard',
    version: options.appVersion,
    host: options.host,
    platform: process.platform,
    arch: process.arch,
    versions: { node: process.versions.node, ...options.versions },
    paths: { home: paths.home, settings: paths.settingsFile, logs: paths.logsDir },
  };

  const handlers: Handlers = {
    'app.info': async () => info,
    'settings.get': async () => settings.get(),
    'settings.set': async (patch) => settings.set(patch),
    'chat.send': async (input) => chat.send(input),
    'events.subscribe': async (input, ctx) => {
      ctx.client.setSubscriptions(input.events);
      return { events: [...new Set(input.events)] };
    },
    ...platformHandlers(registry, packs, usage),
    ...selectorHandlers(selector),
  };
  const router = createRouter(handlers, { logger: logger.child('router') });
  logger.info('core started', { host: options.host, home: paths.home });

  return {
    paths,
    logger,
    bus,
    settings,
    handlers,
    router,
    registry,
    packs,
    usage,
    selector,
    connect(id, sendEvent, limits) {
      return disposables.add(new ClientConnection({ id, router, bus, sendEvent, limits }));
    },
    disconnect: (connection) => disposables.release(connection),
    async dispose() {
      logger.info('core stopping');
      await disposables.dispose();
    },
  };
}
