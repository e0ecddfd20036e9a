import { join } from 'node:path';
import type { PackDefinition } from '../../apis/sdk';
import type { AppInfo, EventName, Handlers, HostKind } from '../shared/contract';
import type { ModelSettings } from '../shared/settings';
import { npmRegistryUrl, resolvePaths, type AppPaths } from './config/paths';
import { FileSecretStore, packSecretName, type SecretStore } from './config/secrets';
import { SettingsStore } from './config/settings-store';
import { workspaceHandlers } from './config/workspace-folders';
import { EventBus } from './events';
import { gatherExport, renderExport } from './export/conversation-export';
import { ClientConnection, type ConnectionLimits } from './ipc/client-connection';
import { createRouter, type Router } from './ipc/router';
import { DisposableStore } from './lifecycle';
import { fileSink } from './log/file-sink';
import { createLogger, type LogLevel, type LogSink, type Logger } from './log/logger';
import { ModelManager } from './model/manager/model-manager';
import { modelHandlers } from './model/model-handlers';
import type { ModelProvider } from './model/provider';
import { createOpenAiProvider, createProvider, type LocalProviderLoader } from './model/provider-factory';
import { ChatService } from './session/chat-service';
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
import { packKinds } from './platform/kinds';
import { PackManager, packCredentialKey } from './platform/pack-manager';
import { PackGrants } from './platform/pack-grants';
import { platformHandlers } from './platform/platform-handlers';
import { previewHandlers } from './preview/preview-handlers';
import { ApiRegistry } from './platform/registry';
import { UsageStore } from './platform/usage-store';
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
  const disposables = new DisposableStore();
  const env = options.env ?? process.env;
  const paths = resolvePaths({ home: options.home, env });
  const logger = createLogger({
    sinks: [fileSink(join(paths.logsDir, 'switchboard.log')), ...(options.logSinks ?? [])],
    level: options.logLevel ?? 'info',
  });
  const bus = disposables.add(new EventBus());
  const settings = new SettingsStore(paths.settingsFile, bus, logger.child('settings'));
  await settings.load();
  const conversations = new ConversationStore(paths.conversationsDir, logger.child('conversations'), (change) => bus.emit('conversations.changed', change));
  await conversations.load();
  const registry = new ApiRegistry(join(paths.packsDir, 'registry.json'), logger.child('registry'));
  const usage = disposables.add(new UsageStore(join(paths.home, 'usage.json'), logger.child('usage')));
  await usage.load();
  const secrets = options.secrets ?? new FileSecretStore(join(paths.home, 'secrets.json'));
  // Built-in packs read their own section of settings.json and their own `pack.<name>.*` secrets.
  const packSettings = (pack: string) => ({ get values() { return settings.get().packs[pack] ?? {}; }, secret: (name: string) => secrets.get(packSecretName(pack, name)) });
  const grants = new PackGrants(join(paths.home, 'pack-grants.json'));
  await grants.load();
  const packs = disposables.add(
    new PackManager({ credential: (pack) => secrets.get(packCredentialKey(pack)), registry, usage, packsDir: paths.packsDir, builtins: options.packs ?? [], kinds: packKinds, logger: logger.child('packs'), npmRegistryUrl: npmRegistryUrl(env), grants, packSettings, dataDir: paths.home }),
  );
  await packs.start();
  disposables.add(registry.onChange((change) => bus.emit('registry.changed', change)));
  const approvals = new ApprovalStore(join(paths.home, 'approvals.json'));
  await approvals.load();
  const runRecords = new RunRecordStore(join(paths.home, 'runs'), logger.child('runs'));
  await runRecords.start();
  const executor = disposables.add(
    new Executor({
      registry,
      caller: packs,
      approvals,
      stagingDir: paths.stagingDir,
      undoDir: join(paths.home, 'undo'),
      // The data folder holds secrets and approvals: never reachable by a program, even inside a grant.
      protectedDirs: [paths.home],
      logger: logger.child('executor'),
      emit: (event) => {
        runRecords.observe(event);
        const { name, payload } = eventPayload(event);
        bus.emit(name, payload as never);
      },
    }),
  );
  await executor.start();
  const models = disposables.add(
    new ModelManager({ modelsDir: paths.modelsDir, catalogFile: env.SWITCHBOARD_MODEL_CATALOG || undefined, logger: logger.child('models') }),
  );
  const selector = disposables.add(
    new SelectorService({ registry, usage, logger: logger.child('selector'), home: paths.home, modelsDir: paths.modelsDir, env, onWarning: (w) => bus.emit('selector.warning', w) }),
  );

  const createModelProvider = (override: { provider?: ModelSettings['provider'] } = {}) => {
    const current = settings.get();
    return createProvider({ settings: { ...current.models, ...override }, offline: current.privacy.offline, secrets, manager: models, logger: logger.child('model'), ...(options.localProvider ? { loadLocal: options.localProvider } : {}) });
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
  const chat = new ChatService(bus, conversations, undefined, turns, () => settings.get().workspace.folders, attachments);

  const speech = new SpeechService({
    settings: () => settings.get(),
    endpoint: ({ offline }) => createOpenAiProvider(settings.get().models.openai, secrets, { offline }),
    models,
    logger: logger.child('speech'),
    env,
  });

  const runs = runHandlers(executor, approvals, runRecords);
  const feedback = disposables.add(new FeedbackLoop(bus, selector, logger.child('feedback')));

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
    // `~` in a folder path is the person's home: the core's HOME when given (tests give one), else the OS's.
    ...workspaceHandlers(settings, env.HOME || undefined),
    'chat.send': async (input) => chat.send(input),
    'events.subscribe': async (input, ctx) => {
      ctx.client.setSubscriptions(input.events);
      return { events: [...new Set(input.events)] };
    },
    ...platformHandlers(registry, packs, usage),
    'attachments.add': async ({ name, type, data }) => attachments.add(name, type, Buffer.from(data, 'base64')),
    'conversations.list': async (input) => conversations.list(input),
    'conversations.get': async ({ id }) => conversations.get(id),
    'conversations.rename': async ({ id, title }) => conversations.rename(id, title),
    'conversations.export': async ({ id, format }) => {
      const data = await gatherExport(conversations.get(id), (runId) => runRecords.get(runId).catch(() => undefined));
      return { id, format, ...renderExport(data, format) };
    },
    'conversations.delete': async ({ id }) => {
      await conversations.delete(id);
      return { id };
    },
    ...runs,
    // Applying or discarding a turn's files teaches the selector (and the usage figures) about that request.
    'run.apply': async (input, ctx) => {
      const report = await runs['run.apply'](input, ctx);
      void feedback.settled(input.runId, 'applied');
      return report;
    },
    'run.discard': async (input, ctx) => {
      const report = await runs['run.discard'](input, ctx);
      void feedback.settled(input.runId, 'discarded');
      return report;
    },
    ...previewHandlers(executor),
    ...modelHandlers({ settings, secrets, manager: models, bus, logger: logger.child('models') }),
    ...selectorHandlers(selector),
    ...speechHandlers(speech),
    'turn.cancel': async ({ turnId }) => ({ turnId, cancelled: turns.cancel(turnId) }),
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
    conversations,
    executor,
    secrets,
    models,
    selector,
    turns,
    createProvider: createModelProvider,
    connect(id, sendEvent, limits) {
      return disposables.add(new ClientConnection({ id, router, bus, sendEvent, limits }));
    },
    disconnect: (connection) => disposables.release(connection),
    async dispose() {
      logger.info('core stopping');
      await conversations.flush();
      await disposables.dispose();
      await runRecords.flush();
    },
  };
}
