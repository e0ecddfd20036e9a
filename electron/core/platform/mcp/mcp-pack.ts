import { MODULE_NAME, type ApiDocument } from '../../../../apis/sdk';
import { AppError } from '../../../shared/result';
import type { Logger } from '../../log/logger';
import type { CallOptions, CallOutcome, PackRuntime } from '../pack-runtime';
import { outcomeOfError, outcomeOfResult, type ToolCallResult } from './call-outcome';
import { openConnection, type McpConnection } from './connection';
import { describeSpec, type McpServerSpec } from './spec';
import { buildDocuments, packVersion } from './tool-documents';
import { errorMessage } from '../../../shared/errors';

export type McpPackState = 'running' | 'restarting' | 'stopped' | 'failed';

/** An MCP server loaded as a pack: its tools are API documents, calls go to tools/call. */
export interface McpPack extends PackRuntime {
  /** One document per usable tool, named `${module}.${verb}`. */
  documents(): ApiDocument[];
  /** The server's reported version when it is semver, else 0.0.0. */
  readonly version: string;
  /** Fires with the new documents after the tool list changed (list_changed, or a restart with other tools). */
  onDocumentsChanged(listener: (docs: ApiDocument[]) => void): { dispose(): void };
  readonly state: McpPackState;
}

export interface ConnectMcpPackOptions {
  spec: McpServerSpec;
  /** Namespace for the pack's APIs; must match MODULE_NAME. */
  module: string;
  pack: string;
  logger: Logger;
  /** Cancels connecting; once connected, the pack lives until dispose(). */
  signal?: AbortSignal;
  /** Per request (tools/list, tools/call) unless a call gives its own; default 30 s. */
  requestTimeoutMs?: number;
  /** Spawn + initialize; default 15 s. */
  connectTimeoutMs?: number;
  /** Restarts after an unexpected exit, waiting baseDelayMs * 2^n before attempt n; default 3 retries from 500 ms. */
  restart?: { maxRetries: number; baseDelayMs: number };
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
const DEFAULT_RESTART = { maxRetries: 3, baseDelayMs: 500 };
// A server that stays up this long after a restart has recovered; later crashes get the full retry budget again.
const STABLE_AFTER_MS = 60_000;

/**
 * Starts or reaches an MCP server, lists its tools and returns it as a pack. Rejects with an AppError
 * naming the command or URL when the server cannot be started or does not answer initialize in time.
 */
export async function connectMcpPack(options: ConnectMcpPackOptions): Promise<McpPack> {
  if (!MODULE_NAME.test(options.module)) throw new AppError('INVALID_INPUT', `"${options.module}" is not a module name (a lower-camel-case identifier)`);
  const pack = new McpPackRuntime(options);
  await pack.start(options.signal);
  return pack;
}

class McpPackRuntime implements McpPack {
  private connection: McpConnection | undefined;
  private docs: ApiDocument[] = [];
  private tools = new Map<string, string>();
  private currentState: McpPackState = 'running';
  private readonly listeners = new Set<(docs: ApiDocument[]) => void>();
  private readonly stateWaiters = new Set<() => void>();
  private readonly logger: Logger;
  private readonly described: string;
  private readonly requestTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly restart: { maxRetries: number; baseDelayMs: number };
  private restartAttempts = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private stableTimer: NodeJS.Timeout | undefined;
  private syncQueue: Promise<void> = Promise.resolve();
  private queuedSync: Promise<void> | undefined;
  private disposing: Promise<void> | undefined;
  private pendingOpen: Promise<McpConnection> | undefined;
  private started = false;
  private serverVersion: string | undefined;
  /** Why the last connection failed, kept for the error calls get once restarts are exhausted. */
  private lastFailure: string | undefined;

  constructor(private readonly options: ConnectMcpPackOptions) {
    this.logger = options.logger.child('mcp');
    this.described = describeSpec(options.spec);
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.restart = options.restart ?? DEFAULT_RESTART;
  }

  get state(): McpPackState {
    return this.currentState;
  }

  get version(): string {
    return packVersion(this.serverVersion);
  }

  documents(): ApiDocument[] {
    return [...this.docs];
  }

  onDocumentsChanged(listener: (docs: ApiDocument[]) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  async start(signal: AbortSignal | undefined): Promise<void> {
    const connection = await this.open(signal);
    this.connection = connection;
    try {
      await this.syncTools(connection, signal);
    } catch (error) {
      this.connection = undefined;
      await connection.close({ force: true });
      if (signal?.aborted) throw new AppError('CANCELLED', `connecting to the MCP server ${this.described} was cancelled`);
      const failure = connection.failure();
      throw new AppError('UNAVAILABLE', `the MCP server ${this.described} did not list its tools: ${errorMessage(error)}${failure ? ` (${failure})` : ''}`);
    }
    this.started = true;
    this.logger.info('MCP server connected', { server: this.described, name: connection.server.name, version: this.version, apis: this.docs.length });
  }

  async call(verb: string, args: unknown, options: CallOptions): Promise<CallOutcome> {
    const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    if (options.signal.aborted) return { ok: false, error: { code: 'CANCELLED', message: 'the call was cancelled' } };
    if (this.currentState === 'restarting') {
      await this.waitWhileRestarting(options.signal, timeoutMs);
      if (options.signal.aborted) return { ok: false, error: { code: 'CANCELLED', message: 'the call was cancelled' } };
      if (this.currentState === 'restarting')
        return { ok: false, error: { code: 'TIMEOUT', message: `the MCP server was still restarting after ${timeoutMs} ms` } };
    }
    const connection = this.connection;
    if (this.currentState === 'stopped') return { ok: false, error: { code: 'UNAVAILABLE', message: `the pack ${this.options.pack} is stopped` } };
    if (this.currentState === 'failed' || connection === undefined) {
      return {
        ok: false,
        error: {
          code: 'PACK_CRASHED',
          message: `the MCP server ${this.described} crashed and could not be restarted${this.lastFailure ? `: ${this.lastFailure}` : ''}`,
        },
      };
    }

    const name = this.tools.get(verb);
    if (name === undefined) {
      return {
        ok: false,
        error: { code: 'UNAVAILABLE', message: `${this.options.module}.${verb} is not provided by the MCP server (its tools may have changed)` },
      };
    }
    if (args !== undefined && args !== null && (typeof args !== 'object' || Array.isArray(args))) {
      return { ok: false, error: { code: 'INVALID_ARGUMENTS', message: 'MCP tool arguments must be an object' } };
    }
    const remaining = Math.max(1, deadline - Date.now());
    try {
      const result = await connection.client.callTool({ name, arguments: (args ?? {}) as Record<string, unknown> }, undefined, {
        signal: options.signal,
        timeout: remaining,
      });
      return outcomeOfResult(result as ToolCallResult);
    } catch (error) {
      if (this.disposing && !options.signal.aborted)
        return { ok: false, error: { code: 'UNAVAILABLE', message: `the pack ${this.options.pack} was stopped during the call` } };
      return outcomeOfError(error, {
        aborted: options.signal.aborted,
        connectionLost: connection.lost || connection !== this.connection,
        remote: this.options.spec.kind === 'http',
        timeoutMs,
        failure: connection.failure(),
      });
    }
  }

  dispose(): Promise<void> {
    this.disposing ??= this.stop();
    return this.disposing;
  }

  private async stop(): Promise<void> {
    this.setState('stopped');
    clearTimeout(this.restartTimer);
    clearTimeout(this.stableTimer);
    this.listeners.clear();
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close();
    // A restart that is still starting its server must not leave that child behind.
    await this.pendingOpen?.then(
      (opened) => opened.close(),
      () => undefined,
    );
    this.logger.info('MCP server stopped', { server: this.described });
  }

  private open(signal?: AbortSignal): Promise<McpConnection> {
    return openConnection({
      spec: this.options.spec,
      logger: this.logger,
      connectTimeoutMs: this.connectTimeoutMs,
      signal,
      onToolsChanged: () => this.resync(),
      onLost: (connection) => this.lost(connection),
    });
  }

  /** list_changed: re-list after whatever sync is running; a burst of notifications collapses into one more. */
  private resync(): void {
    if (this.queuedSync || this.connection === undefined) return;
    const run = this.syncQueue.then(() => {
      this.queuedSync = undefined;
      return this.connection ? this.syncTools(this.connection) : undefined;
    });
    this.queuedSync = run;
    this.syncQueue = run.catch((error: unknown) => {
      this.logger.warn('re-listing MCP tools failed', { server: this.described, error: errorMessage(error) });
    });
  }

  private async syncTools(connection: McpConnection, signal?: AbortSignal): Promise<void> {
    const raw = await connection.listTools({ timeoutMs: this.requestTimeoutMs, signal });
    if (connection !== this.connection) return;
    this.serverVersion = connection.server.version;
    const built = buildDocuments({
      tools: raw,
      module: this.options.module,
      pack: this.options.pack,
      version: packVersion(connection.server.version),
      serverName: connection.server.name,
      logger: this.logger,
    });
    this.tools = built.tools;
    const changed = JSON.stringify(built.documents) !== JSON.stringify(this.docs);
    this.docs = built.documents;
    if (!changed || !this.started) return;
    this.logger.info('MCP tools changed', { server: this.described, apis: this.docs.length });
    for (const listener of [...this.listeners]) {
      try {
        listener(this.documents());
      } catch (error) {
        this.logger.error('a documents-changed listener threw', { error: errorMessage(error) });
      }
    }
  }

  private lost(connection: McpConnection): void {
    // Before start() has finished, its own error handling reports the failure; no restarts yet.
    if (connection !== this.connection || this.disposing || !this.started) return;
    this.connection = undefined;
    clearTimeout(this.stableTimer);
    this.lastFailure = connection.failure() ?? this.lastFailure;
    this.logger.warn('MCP server exited unexpectedly', { server: this.described, failure: connection.failure(), stderr: connection.stderrTail() });
    void connection.close();
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    if (this.disposing) return;
    if (this.restartAttempts >= this.restart.maxRetries) {
      this.connection = undefined;
      this.setState('failed');
      this.logger.error('MCP server failed: restarts exhausted', { server: this.described, retries: this.restart.maxRetries });
      return;
    }
    const delay = this.restart.baseDelayMs * 2 ** this.restartAttempts;
    this.restartAttempts += 1;
    this.setState('restarting');
    this.logger.info('restarting MCP server', { server: this.described, attempt: this.restartAttempts, delayMs: delay });
    this.restartTimer = setTimeout(() => void this.attemptRestart(), delay);
  }

  private async attemptRestart(): Promise<void> {
    this.restartTimer = undefined;
    let connection: McpConnection | undefined;
    try {
      this.pendingOpen = this.open();
      connection = await this.pendingOpen.finally(() => (this.pendingOpen = undefined));
      if (this.disposing) return void (await connection.close());
      this.connection = connection;
      await this.syncTools(connection);
      // lost() took the connection if it died after listing; it has scheduled the next attempt.
      if (this.disposing || connection !== this.connection) return;
      this.setState('running');
      this.stableTimer = setTimeout(() => (this.restartAttempts = 0), STABLE_AFTER_MS);
      this.stableTimer.unref();
      this.logger.info('MCP server restarted', { server: this.described, apis: this.docs.length });
    } catch (error) {
      this.logger.warn('MCP server restart failed', { server: this.described, error: errorMessage(error) });
      if (this.disposing) return;
      if (connection === undefined) return this.scheduleRestart();
      // Connected but could not list tools. If lost() already took the connection, it scheduled the next attempt.
      if (connection === this.connection) {
        this.connection = undefined;
        await connection.close({ force: true });
        this.scheduleRestart();
      }
    }
  }

  private setState(state: McpPackState): void {
    this.currentState = state;
    for (const wake of [...this.stateWaiters]) wake();
  }

  /** Resolves when the state leaves 'restarting', the signal aborts or timeoutMs pass, whichever is first. */
  private waitWhileRestarting(signal: AbortSignal, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', finish);
        this.stateWaiters.delete(onState);
        resolve();
      };
      const onState = () => {
        if (this.currentState !== 'restarting') finish();
      };
      const timer = setTimeout(finish, timeoutMs);
      signal.addEventListener('abort', finish);
      this.stateWaiters.add(onState);
    });
  }
}
