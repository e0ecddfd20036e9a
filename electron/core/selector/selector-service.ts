import { join } from 'node:path';
import type { Disposable } from '../lifecycle';
import type { Logger } from '../log/logger';
import type { ApiRegistry } from '../platform/registry';
import type { UsageStore } from '../platform/usage-store';
import { selectorDoc } from './documents';
import type { EmbeddingProvider } from './embedder';
import { FeedbackLog } from './feedback-log';
import { isObjectStoreUri, resolveIndexLocation } from './index-location';
import type { SelectorIndexSettings } from '../../shared/settings';
import type { FeedbackOutcome } from './feedback-memory';
import { openEmbedder, type EmbedderKind } from './providers';
import { Selector, type SearchOptions, type SearchResult, type SelectorOptions, type SelectorWarning } from './selector';
import type { Selection, SelectionStep, SelectOptions } from './toolbox';
import { UnavailableEmbedder } from './unavailable-embedder';
import { errorMessage } from '../../shared/errors';

export interface SelectorServiceOptions {
  registry: ApiRegistry;
  usage: UsageStore;
  logger: Logger;
  home: string;
  modelsDir: string;
  env: NodeJS.ProcessEnv;
  onWarning: (warning: SelectorWarning) => void;
  /** Injected provider (tests); otherwise SWITCHBOARD_EMBEDDER (glove by default). */
  embedder?: () => Promise<EmbeddingProvider>;
  /** Index location: SWITCHBOARD_SELECTOR_INDEX (a folder or s3://, gs://, az:// URI), else <home>/selector/index. */
  uri?: string;
  /** The index settings (object-store URI, endpoint, region, timings), read when the selector opens. */
  indexSettings?: () => SelectorIndexSettings;
  /** Reads the secret store (object-store credentials, INDEX_SECRETS). */
  secret?: (name: string) => Promise<string | undefined>;
  selector?: Partial<Pick<SelectorOptions, 'weights' | 'flatThreshold' | 'rrfK'>>;
}

/** How often an embedder that could not open is tried again (on use). */
const RETRY_MS = 30_000;

/**
 * The selector inside the core: opens lazily (the first search pays for loading word vectors and the
 * index, so a core that never selects never does), follows the registry, and persists feedback.
 */
export class SelectorService implements Disposable {
  private starting: Promise<Selector> | undefined;
  private readonly log: FeedbackLog;
  private readonly subscription: { dispose(): void };
  private disposed = false;
  /** The embedder this service opened (an injected one belongs to the caller). */
  private ownEmbedder: EmbeddingProvider | undefined;
  /** The configured embedder could not open: selection is full-text only until a retry opens it. */
  private unavailable = false;
  private retryAt = 0;
  private reopening: Promise<boolean> | undefined;

  constructor(private readonly options: SelectorServiceOptions) {
    this.log = new FeedbackLog(join(options.home, 'selector', 'feedback.jsonl'));
    this.subscription = options.registry.onChange((change) => {
      if (!this.starting) return; // Not open yet: the start reads the registry as it is then.
      void this.starting.then((s) => s.syncPack(change.pack)).catch((error) => options.logger.error('selector could not follow a registry change', { error }));
    });
  }

  /** The open selector (opening it on first use). */
  selector(): Promise<Selector> {
    if (this.disposed) return Promise.reject(new Error('the selector is closed'));
    this.starting ??= this.open().catch((error) => {
      this.starting = undefined;
      throw error;
    });
    if (this.unavailable && !this.reopening && Date.now() >= this.retryAt) void this.reopenEmbedder();
    return this.starting;
  }

  /**
   * The configured embedder could not open (an ONNX model not installed yet, an endpoint down): it is
   * tried again at most every RETRY_MS, on use. When it opens, a selector on it builds its own index
   * while the full-text one keeps serving, then replaces it. Returns whether it switched.
   */
  reopenEmbedder(): Promise<boolean> {
    this.reopening ??= (async () => {
      if (this.disposed || !this.unavailable || this.options.embedder) return false;
      this.retryAt = Date.now() + RETRY_MS;
      let embedder: EmbeddingProvider;
      try {
        embedder = await this.openConfigured();
      } catch {
        return false;
      }
      let next: Selector;
      try {
        next = await this.create(embedder);
      } catch (error) {
        this.options.logger.warn('selector could not switch to the embedder that opened', { error });
        await embedder.dispose?.();
        return false;
      }
      if (this.disposed) {
        await next.dispose();
        await embedder.dispose?.();
        return false;
      }
      const previous = await this.starting?.catch(() => undefined);
      this.starting = Promise.resolve(next);
      this.ownEmbedder = embedder;
      this.unavailable = false;
      await previous?.dispose();
      this.options.logger.info('selector switched to its embedder', { embedder: embedder.id });
      // A pack changed while the new index was built went to the old selector: catch up.
      if (next.size !== this.options.registry.listApis().length) void next.rebuild('the registry changed while the index was built').catch(() => undefined);
      return true;
    })().finally(() => {
      this.reopening = undefined;
    });
    return this.reopening;
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchResult> {
    return (await this.selector()).search(query, options);
  }

  /** Each step searched and the toolbox filled from them (selector/toolbox.ts: the route's and the planner's one algorithm). */
  async select(steps: readonly SelectionStep[], options: SelectOptions = {}): Promise<Selection> {
    return (await this.selector()).select(steps, options);
  }

  /** What the executor and the session call when a run is applied, discarded or rated. */
  async recordFeedback(entry: { request: string; apis: readonly string[]; outcome: FeedbackOutcome }): Promise<number> {
    const apis = [...new Set(entry.apis)].filter((name) => this.options.registry.getApi(name) !== undefined);
    if (apis.length === 0 || entry.request.trim() === '') return 0;
    await this.log.append({ request: entry.request, apis, outcome: entry.outcome });
    const withPacks = apis.map((api) => ({ api, pack: this.options.registry.getApi(api)!.pack }));
    if (entry.outcome === 'applied' || entry.outcome === 'discarded') this.options.usage.recordOutcome(withPacks, entry.outcome);
    else this.options.usage.recordThumb(withPacks, entry.outcome === 'up');
    if (this.starting) await (await this.selector()).recordFeedback({ request: entry.request, apis, outcome: entry.outcome });
    return apis.length;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.subscription.dispose();
    await this.reopening?.catch(() => undefined);
    await this.log.flush();
    const selector = await this.starting?.catch(() => undefined);
    await selector?.dispose();
    await this.ownEmbedder?.dispose?.();
  }

  private kind(): EmbedderKind {
    return (this.options.env.SWITCHBOARD_EMBEDDER || 'glove') as EmbedderKind;
  }

  /** The embedder SWITCHBOARD_EMBEDDER names (a missing word-vector cache builds in the background). */
  private openConfigured(onBuild?: (reason: string) => void): Promise<EmbeddingProvider> {
    return openEmbedder({ kind: this.kind(), modelsDir: this.options.modelsDir, env: this.options.env, onBuild, background: true });
  }

  private async open(): Promise<Selector> {
    const { logger } = this.options;
    const kind = this.kind();
    // A missing word-vector cache is built in a worker; searches meanwhile use full-text only and say so.
    const onBuild = (reason: string): void => {
      logger.info('building the word-vector cache (once)', { reason });
      this.options.onWarning({
        code: 'EMBEDDER_UNAVAILABLE',
        message: `preparing the word vectors (once, in the background: ${reason}); searches use full-text only until they are ready`,
      });
    };
    let embedder: EmbeddingProvider;
    try {
      embedder = await (this.options.embedder?.() ?? (this.ownEmbedder = await this.openConfigured(onBuild)));
    } catch (error) {
      // A provider that cannot open degrades selection to full-text search; it never stops it.
      const reason = `embedding provider ${kind} could not open (${errorMessage(error)}); using full-text search only`;
      logger.warn(reason, { code: 'EMBEDDER_UNAVAILABLE' });
      this.options.onWarning({ code: 'EMBEDDER_UNAVAILABLE', message: reason });
      embedder = new UnavailableEmbedder(kind, reason);
      this.unavailable = this.options.embedder === undefined;
      this.retryAt = Date.now() + RETRY_MS;
    }
    return this.create(embedder);
  }

  /** A selector on an embedder: its index opened or built, the feedback log replayed into it. */
  private async create(embedder: EmbeddingProvider): Promise<Selector> {
    const { env, logger, uri } = this.options;
    const settings = this.options.indexSettings?.();
    const location = uri
      ? { uri, shared: isObjectStoreUri(uri) }
      : await resolveIndexLocation({
          home: this.options.home,
          env,
          ...(settings ? { settings } : {}),
          ...(this.options.secret ? { secret: this.options.secret } : {}),
        });
    if (location.shared) logger.info('selector index on shared object storage', { uri: location.uri });
    const selector = new Selector({
      uri: location.uri,
      ...('storageOptions' in location && location.storageOptions ? { storageOptions: location.storageOptions } : {}),
      ...(settings ? { shared: { refreshMs: settings.refreshSeconds * 1000, keepMs: settings.keepSeconds * 1000 } } : {}),
      embedder,
      source: () => this.options.registry.listApis().map(selectorDoc),
      logger,
      onWarning: this.options.onWarning,
      ...this.options.selector,
    });
    await selector.start();
    for (const record of await this.log.load()) await selector.recordFeedback(record);
    const ready = (embedder as { ready?: Promise<void> }).ready;
    if (ready) void this.whenVectorsReady(selector, ready);
    return selector;
  }

  /** After a background word-vector build: re-index what was indexed without vectors, and embed past requests learned without. */
  private async whenVectorsReady(selector: Selector, ready: Promise<void>): Promise<void> {
    try {
      await ready;
    } catch (error) {
      if (!this.disposed) this.options.logger.error('the word vectors could not be prepared; the selector stays on full-text search', { error });
      return;
    }
    if (this.disposed) return;
    try {
      // A rebuild already running when the vectors arrived is joined, and may still lack them: one more then.
      for (let attempt = 0; attempt < 2 && selector.missingVectors && !this.disposed; attempt++) await selector.rebuild('the word vectors are ready');
      if (!this.disposed) await selector.fillFeedbackVectors();
    } catch (error) {
      this.options.logger.error('selector rebuild after the word vectors were ready failed', { error });
    }
  }
}
