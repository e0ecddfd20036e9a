import { join } from 'node:path';
import type { PackDefinition } from '../../apis/sdk';
import type { AppInfo, EventName, Handlers, HostKind } from '../shared/contract';
import type { ModelSettings } from '../shared/settings';
import { npmRegistryUrl, resolvePaths, type AppPaths } from './config/paths';
import { FileSecretStore, packSecretName, type SecretStore } from './config/secrets';
import { SettingsStore } from './config/settings-store';
import { settingsHandlers } from './config/settings-handlers';
import { EventBus } from './events';
import { ClientConnection, type ConnectionLimits } from './ipc/client-connection';
import { createRouter, type Router } from './ipc/router';
import { toDisposable } from './lifecycle';
import { appHandlers } from './ipc/app-handlers';
import { Startup, type StartupStep } from './startup';
import { fileSink } from './log/file-sink';
import { createLogger, type LogLevel, type LogSink, type Logger } from './log/logger';
import { ModelManager } from './model/manager/model-manager';
import { modelHandlers } from './model/model-handlers';
import type { ModelProvider } from './model/provider';
import { createOpenAiProvider, createProvider, type LocalProviderLoader } from './model/provider-factory';
import { ChatService } from './session/chat-service';
import { chatHandlers } from './session/chat-handlers';
import { ConversationStore } from './session/conversation-store';
import { documentReader } from './session/document-reader';
import { IMAGE_TEXT, createImageTextReader } from './session/image-text';
import { FeedbackLoop } from './session/feedback-loop';
import { AttachmentStore } from './session/attachment-store';
import type { PlannerOptions } from './session/planner';
import type { ToolSelector } from './session/tool-selector';
import { turnEventPayload } from './session/turn-events';
import { TurnService } from './session/turn-service';
import { ApprovalStore, Executor, RunRecordStore, runHandlers } from './executor';
import { eventPayload } from './executor/run-events';
import { VerifierHost } from './executor/verifier-host';
import { packKinds } from './platform/kinds';
import { PackManager, packCredentialKey } from './platform/pack-manager';
import { PackGrants } from './platform/pack-grants';
import { platformHandlers } from './platform/platform-handlers';
import { previewHandlers } from './preview/preview-handlers';
import { ApiRegistry } from './platform/registry';
import { UsageStore } from './platform/usage-store';
import { zodVersion, type DocumentsCache } from './platform/pack-documents-cache';
import { selectorHandlers } from './selector/selector-handlers';
import { SelectorService } from './selector/selector-service';
import { SpeechService, speechHandlers } from './speech';

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
  /**
   * Names the built code the built-in packs come from (the CLI bundle's content hash, hosts/build-id.ts).
   * When given, their API documents are cached in <data folder>/cache/pack-documents.json under it and the
   * zod version, instead of derived from the zod schemas at every start.
   */
  buildId?: string;
  /** Extra log sinks; a JSON-lines file in the logs folder is always written. */
  logSinks?: LogSink[];
  logLevel?: LogLevel;
  /** Where API keys live; defaults to a 0600 `secrets.json` in the data folder (the app passes safeStorage's). */
  secrets?: SecretStore;
  /** The embedded model runtime (electron/core/model/local's loadLocalProvider); hosts without it offer only endpoints. */
  localProvider?: LocalProviderLoader;
  /** The planner's API selection; by default the selector over the registry, opened on the first turn. */
  toolSelector?: ToolSelector;
  planner?: Partial<PlannerOptions>;
  /**
   * Hears each start-up step's name before it runs (tracing; tests throw from it to fail a step). When a step
   * throws, what the earlier steps started is disposed in reverse order and createCore rejects with that error.
   */
  onStartupStep?: (step: StartupStep) => void;
  /**
   * Start the program checker's process at once, so it loads the compiler while the packs load (the CLI's
   * `exec` and `run`, which verify a program right after start-up); otherwise it starts on the first check.
   */
  prewarmVerifier?: boolean;
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
  readonly conversations: ConversationStore;
  /** The Action Executor: verify, run, apply, undo, discard. */
  readonly executor: Executor;
  readonly secrets: SecretStore;
  readonly models: ModelManager;
  /** The API selector (opens on first use); apis.feedback records what was applied or discarded. */
  readonly selector: SelectorService;
  /** Planner turns (chat.send goes through them when a model is usable). */
  readonly turns: TurnService;
  /** The model provider the settings choose (or `override.provider`), ready to use; the caller disposes it. */
  createProvider(override?: { provider?: ModelSettings['provider'] }): Promise<ModelProvider>;
  /** Connects one client (window, socket). Release it with {@link Core.disconnect}; the core disposes the rest. */
  connect(id: string, sendEvent: (event: EventName, payload: unknown) => void, limits?: Partial<ConnectionLimits>): ClientConnection;
  disconnect(connection: ClientConnection): Promise<void>;
  dispose(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const env = options.env ?? process.env;
  const paths = resolvePaths({ home: options.home, env });
  const logger = createLogger({
    sinks: [fileSink(join(paths.logsDir, 'switchboard.log')), ...(options.logSinks ?? [])],
    level: options.logLevel ?? 'info',
  });
  const startup = new Startup(logger.child('startup'), options.onStartupStep);
  try {
    const stores = await startStores(startup, paths, logger, options.secrets);
    const engine = await startEngine(startup, stores, { options, env, paths, logger });
    const services = await startup.step('services', () => startServices(startup, stores, engine, { options, env, paths, logger }));
    const handlers = await startup.step('handlers', () => coreHandlers(stores, engine, services, { options, env, paths, logger }));
    const router = createRouter(handlers, { logger: logger.child('router') });
    logger.info('core started', { host: options.host, home: paths.home });
    const { bus, settings, registry, usage, conversations, secrets } = stores;
    const { packs, executor, models, selector } = engine;
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
      conversations,
      executor,
      secrets,
      models,
      selector,
      turns: services.turns,
      createProvider: services.createModelProvider,
      connect(id, sendEvent, limits) {
        return startup.parts.add(new ClientConnection({ id, router, bus, sendEvent, limits }));
      },
      disconnect: (connection) => startup.parts.release(connection),
      async dispose() {
        logger.info('core stopping');
        await startup.parts.dispose();
      },
    };
  } catch (error) {
    return startup.abort(error);
  }
}

interface Context {
  options: CoreOptions;
  env: NodeJS.ProcessEnv;
  paths: AppPaths;
  logger: Logger;
}

type Stores = Awaited<ReturnType<typeof startStores>>;
type Engine = Awaited<ReturnType<typeof startEngine>>;
type Services = ReturnType<typeof startServices>;

/** The event bus and the stores of the data folder: settings, conversations, usage figures, the registry and its packs. */
async function startStores(startup: Startup, paths: AppPaths, logger: Logger, givenSecrets: SecretStore | undefined) {
  const bus = await startup.step('events', () => startup.own('events', new EventBus()));
  const settings = await startup.step('settings', async () => {
    const store = new SettingsStore(paths.settingsFile, bus, logger.child('settings'));
    await store.load();
    return store;
  });
  const conversations = await startup.step('conversations', async () => {
    const store = new ConversationStore(paths.conversationsDir, logger.child('conversations'), (change) => bus.emit('conversations.changed', change));
    await store.load();
    startup.own(
      'conversations',
      toDisposable(() => store.flush()),
    );
    return store;
  });
  const registry = new ApiRegistry(join(paths.packsDir, 'registry.json'), logger.child('registry'));
  const usage = await startup.step('usage', async () => {
    const store = startup.own('usage', new UsageStore(join(paths.home, 'usage.json'), logger.child('usage')));
    await store.load();
    return store;
  });
  const secrets = givenSecrets ?? new FileSecretStore(join(paths.home, 'secrets.json'));
  return { bus, settings, conversations, registry, usage, secrets };
}

/** The pack manager over the registry, with each built-in pack's settings and secrets and the person's grants; registry changes become events. */
async function startPacks(
  startup: Startup,
  stores: Pick<Stores, 'bus' | 'settings' | 'registry' | 'usage' | 'secrets'>,
  { options, env, paths, logger }: Context,
): Promise<PackManager> {
  const { bus, settings, registry, usage, secrets } = stores;
  // Built-in packs read their own section of settings.json and their own `pack.<name>.*` secrets.
  const packSettings = (pack: string) => ({
    get values() {
      return settings.get().packs[pack] ?? {};
    },
    secret: (name: string) => secrets.get(packSecretName(pack, name)),
  });
  const grants = new PackGrants(join(paths.home, 'pack-grants.json'));
  await grants.load();
  const manager = startup.own(
    'packs',
    new PackManager({
      credential: (pack) => secrets.get(packCredentialKey(pack)),
      registry,
      usage,
      packsDir: paths.packsDir,
      builtins: options.packs ?? [],
      kinds: packKinds,
      logger: logger.child('packs'),
      npmRegistryUrl: npmRegistryUrl(env),
      grants,
      packSettings,
      dataDir: paths.home,
      ...documentsCache(options.buildId, paths.home),
    }),
  );
  await manager.start();
  startup.own(
    'registry events',
    registry.onChange((change) => bus.emit('registry.changed', change)),
  );
  return manager;
}

/** The API platform's packs, the Action Executor, the model manager and the API selector. */
async function startEngine(startup: Startup, stores: Pick<Stores, 'bus' | 'settings' | 'registry' | 'usage' | 'secrets'>, ctx: Context) {
  const { options, env, paths, logger } = ctx;
  const { bus, settings, registry, usage, secrets } = stores;
  // Its own process: started here when asked, it works on the other core while this one loads the packs.
  const verifier = startup.own(
    'verifier',
    new VerifierHost({
      limits: () => ({ timeoutMs: settings.get().executor.verifySeconds * 1000, memoryMb: settings.get().executor.verifyMemoryMb }),
      codeCacheDir: join(paths.home, 'cache', 'v8'),
    }),
  );
  if (options.prewarmVerifier) verifier.prewarm();
  const packs = await startup.step('packs', () => startPacks(startup, stores, ctx));
  const approvals = await startup.step('approvals', async () => {
    const store = new ApprovalStore(join(paths.home, 'approvals.json'));
    await store.load();
    return store;
  });
  const runRecords = await startup.step('runs', async () => {
    const store = new RunRecordStore(join(paths.home, 'runs'), logger.child('runs'));
    await store.start();
    startup.own(
      'run records',
      toDisposable(() => store.flush()),
    );
    return store;
  });
  const executor = await startup.step('executor', async () => {
    const started = startup.own(
      'executor',
      new Executor({
        registry,
        caller: packs,
        approvals,
        stagingDir: paths.stagingDir,
        undoDir: join(paths.home, 'undo'),
        // The data folder holds secrets and approvals: never reachable by a program, even inside a grant.
        protectedDirs: [paths.home],
        logger: logger.child('executor'),
        verifier,
        emit: (event) => {
          runRecords.observe(event);
          const { name, payload } = eventPayload(event);
          bus.emit(name, payload as never);
        },
      }),
    );
    await started.start();
    return started;
  });
  const models = await startup.step('models', () =>
    startup.own(
      'models',
      new ModelManager({ modelsDir: paths.modelsDir, catalogFile: env.SWITCHBOARD_MODEL_CATALOG || undefined, logger: logger.child('models') }),
    ),
  );
  const selector = await startup.step('selector', () =>
    startup.own(
      'selector',
      new SelectorService({
        registry,
        usage,
        logger: logger.child('selector'),
        home: paths.home,
        modelsDir: paths.modelsDir,
        env,
        indexSettings: () => settings.get().selector.index,
        secret: (name) => secrets.get(name),
        onWarning: (w) => bus.emit('selector.warning', w),
      }),
    ),
  );
  return { packs, approvals, runRecords, executor, models, selector };
}

/** The planner's turns, the chat over them, speech, and the feedback loop that teaches the selector. */
function startServices(startup: Startup, stores: Stores, engine: Engine, { options, env, paths, logger }: Context) {
  const { bus, settings, conversations, registry, secrets } = stores;
  const { packs, executor, models, selector } = engine;
  const createModelProvider = (override: { provider?: ModelSettings['provider'] } = {}) => {
    const current = settings.get();
    return createProvider({
      settings: { ...current.models, ...override },
      offline: current.privacy.offline,
      secrets,
      manager: models,
      logger: logger.child('model'),
      ...(options.localProvider ? { loadLocal: options.localProvider } : {}),
    });
  };
  // The planner selects through the core's one selector (the same index apis.search and feedback use).
  const tools: ToolSelector = options.toolSelector ?? selector;
  const turns = new TurnService({
    createProvider: createModelProvider,
    tools: async () => tools,
    executor,
    modules: () => registry.listPacks().map((p) => ({ name: p.module, description: p.description })),
    emit: (event) => {
      const { name, payload } = turnEventPayload(event);
      bus.emit(name, payload as never);
    },
    logger: logger.child('planner'),
    reader: documentReader,
    // Image text for the prompts goes through the pack manager like any call: read-only, nothing staged.
    imageText: createImageTextReader((name, args, opts) => packs.call(name, args, opts), { available: () => registry.getApi(IMAGE_TEXT.api) !== undefined }),
    ...(options.planner ? { options: options.planner } : {}),
  });
  const attachments = new AttachmentStore(join(paths.home, 'attachments'));
  const chat = new ChatService({ bus, conversations, turns, roots: () => settings.get().workspace.folders, attachments });
  const speech = new SpeechService({
    settings: () => settings.get(),
    endpoint: ({ offline }) => createOpenAiProvider(settings.get().models.openai, secrets, { offline }),
    models,
    logger: logger.child('speech'),
    env,
  });
  const feedback = startup.own('feedback', new FeedbackLoop(bus, selector, logger.child('feedback')));
  return { createModelProvider, turns, attachments, chat, speech, feedback };
}

/** Every route's handler, each group from the handler file beside the service it serves. */
function coreHandlers(stores: Stores, engine: Engine, services: Services, { options, env, paths, logger }: Context): Handlers {
  const { bus, settings, conversations, registry, usage, secrets } = stores;
  const { packs, approvals, runRecords, executor, models, selector } = engine;
  const info: AppInfo = {
    name: 'Switchboard',
    version: options.appVersion,
    host: options.host,
    platform: process.platform,
    arch: process.arch,
    versions: { node: process.versions.node, ...options.versions },
    paths: { home: paths.home, settings: paths.settingsFile, logs: paths.logsDir },
  };
  return {
    ...appHandlers(info),
    ...settingsHandlers(settings, env.HOME || undefined),
    ...chatHandlers({ ...services, conversations, runRecord: (runId) => runRecords.get(runId).catch(() => undefined) }),
    ...platformHandlers(registry, packs, usage),
    // Applying or discarding a turn's files teaches the selector (and the usage figures) about that request.
    ...runHandlers({
      executor,
      approvals,
      records: runRecords,
      onSettled: (runId, outcome) => void services.feedback.settled(runId, outcome),
      grantedFolders: () => settings.get().workspace.folders,
    }),
    ...previewHandlers(executor),
    ...modelHandlers({ settings, secrets, manager: models, bus, logger: logger.child('models') }),
    ...selectorHandlers(selector),
    ...speechHandlers(services.speech),
  };
}

/** The built-in packs' documents cache, when the host named its build (pack-documents-cache.ts). */
function documentsCache(buildId: string | undefined, home: string): { documentsCache?: DocumentsCache } {
  return buildId ? { documentsCache: { file: join(home, 'cache', 'pack-documents.json'), key: `${buildId} zod-${zodVersion()}` } } : {};
}
