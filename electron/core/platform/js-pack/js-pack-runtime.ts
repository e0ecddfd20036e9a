import { type ChildProcess, fork } from 'node:child_process';
import { realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { PackManifest } from '../../../../apis/sdk';
import type { Logger } from '../../log/logger';
import type { CallErrorCode, CallOptions, CallOutcome, PackRuntime } from '../pack-runtime';
import { PackError } from '../sources/pack-error';
import { boundedLines } from './bounded-lines';
import { childMessageSchema, type HostMessage, type RunnerConfig } from './messages';
import { broadFolderReason, expandFolder, packExecArgv, withRealPaths } from './permission-flags';

export interface StartJsPackOptions {
  /** The installed pack folder. */
  dir: string;
  manifest: PackManifest;
  logger: Logger;
  /** What `~` in permission folders means; default the OS home folder. */
  homeDir?: string;
  /** Switchboard's data folder: never granted to a pack, nor any folder above it. */
  dataDir?: string;
  /** Default per-call wall-time limit; default 30 s. */
  callTimeoutMs?: number;
  /** Time for the child to load the pack and report ready; default 10 s. */
  startTimeoutMs?: number;
  /** Largest JSON result accepted; default 8 MB. */
  maxResultBytes?: number;
  /** Restarts allowed per rolling minute before calls fail with UNAVAILABLE; default 5. */
  maxRestartsPerMinute?: number;
  /** V8 heap cap of the child; default 512 MB. */
  maxMemoryMb?: number;
  /** The runner file; default runner.mjs beside this module (electron.vite.config.ts emits it beside the main bundle). */
  runnerPath?: string;
  /** Aborts the start: the child is killed and startJsPack rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** A JavaScript pack running in its own child process. */
export interface JsPackRuntime extends PackRuntime {
  /** The current child's process id (undefined between a crash and the next call's restart). */
  readonly pid: number | undefined;
  dispose(): Promise<void>;
}

/**
 * Starts a JavaScript pack in a child Node process under the permission model (see permission-flags.ts)
 * and resolves once it has loaded the pack and exports every declared API. Rejects with PackError
 * naming the pack (and the missing verbs) otherwise.
 */
export async function startJsPack(options: StartJsPackOptions): Promise<JsPackRuntime> {
  const { manifest } = options;
  const dir = await realpath(options.dir).catch((error: unknown) => {
    throw new PackError('NOT_FOUND', `pack ${manifest.name}: folder ${options.dir} is missing`, manifest.name, { cause: error });
  });
  const main = await realpath(join(dir, manifest.main)).catch(() => '');
  const back = relative(dir, main);
  if (main === '' || back.startsWith(`..${sep}`) || back === '..' || !(await stat(main)).isFile()) {
    throw new PackError('BAD_MANIFEST', `pack ${manifest.name}: main ${manifest.main} is not a file inside the pack`, manifest.name);
  }
  const runnerPath = await realpath(options.runnerPath ?? fileURLToPath(new URL('./runner.mjs', import.meta.url)));
  let folders: string[];
  try {
    const homeDir = options.homeDir ?? homedir();
    folders = manifest.permissions.folders.map((folder) => {
      const expanded = expandFolder(folder, homeDir);
      const broad = broadFolderReason(expanded, { homeDir, dataDir: options.dataDir });
      if (broad) throw new Error(`permission folder ${JSON.stringify(folder)} is refused: ${broad}; ask for a narrower folder`);
      return expanded;
    });
  } catch (error) {
    throw new PackError('BAD_MANIFEST', `pack ${manifest.name}: ${(error as Error).message}`, manifest.name);
  }
  const readable = await withRealPaths([dir, runnerPath, ...folders]);
  const execArgv = packExecArgv(readable, { maxMemoryMb: options.maxMemoryMb ?? 512 });
  const pack = new JsPack(options, { dir, main, runnerPath, execArgv });
  await pack.start();
  return pack;
}

interface Pending {
  settled: boolean;
  settle(outcome: CallOutcome): void;
  timer?: NodeJS.Timeout;
}

interface Child {
  process: ChildProcess;
  alive: boolean;
  exited: Promise<void>;
  pending: Map<number, Pending>;
  /** Why we stopped it, reported to the calls still running on it. Set before it has exited. */
  stopped?: { code: CallErrorCode; message: string };
  /** Its end was recorded for the restart budget. */
  counted?: boolean;
  startup?: { resolve(verbs: string[]): void; reject(error: Error): void };
  stderrTail: string;
}

const failure = (code: CallErrorCode, message: string): CallOutcome => ({ ok: false, error: { code, message } });
const OUTPUT_LINES_LOGGED = 200;
/** The longest line of pack output the core holds; a pack printing more without a newline is stopped. */
export const MAX_OUTPUT_LINE_BYTES = 64 * 1024;

class JsPack implements JsPackRuntime {
  private child: Child | undefined;
  private starting: Promise<Child> | undefined;
  private disposing: Promise<void> | undefined;
  private readonly exits: number[] = [];
  private readonly verbs: Set<string>;
  private nextId = 0;
  /** Aborted by dispose(), so a restart's back-off does not hold dispose up. */
  private readonly lifetime = new AbortController();
  private readonly name: string;
  private readonly logger: Logger;

  constructor(
    private readonly options: StartJsPackOptions,
    private readonly paths: { dir: string; main: string; runnerPath: string; execArgv: string[] },
  ) {
    this.name = options.manifest.name;
    this.logger = options.logger.child('js-pack');
    this.verbs = new Set(options.manifest.apis.map((api) => api.name));
  }

  get pid(): number | undefined {
    return this.child?.alive ? this.child.process.pid : undefined;
  }

  async start(): Promise<void> {
    this.child = await this.spawn(this.options.signal);
  }

  async call(verb: string, args: unknown, options: CallOptions): Promise<CallOutcome> {
    const api = `${this.options.manifest.module}.${verb}`;
    if (this.disposing) return failure('UNAVAILABLE', `pack ${this.name} has been stopped`);
    if (!this.verbs.has(verb)) return failure('UNAVAILABLE', `pack ${this.name} has no API ${verb}`);
    if (options.signal.aborted) return failure('CANCELLED', `${api} was cancelled`);
    let child: Child;
    try {
      child = await abortable(this.ensureChild(), options.signal);
    } catch (error) {
      if (options.signal.aborted) return failure('CANCELLED', `${api} was cancelled`);
      return failure('UNAVAILABLE', (error as Error).message);
    }
    return this.run(child, api, verb, args, options);
  }

  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      this.lifetime.abort();
      const starting = this.starting;
      if (this.child) await this.stop(this.child, { code: 'CANCELLED', message: `pack ${this.name} was stopped` });
      await starting?.then(
        (child) => this.stop(child),
        () => undefined,
      );
    })();
    return this.disposing;
  }

  private run(child: Child, api: string, verb: string, args: unknown, options: CallOptions): Promise<CallOutcome> {
    if (!child.alive) return Promise.resolve(failure('PACK_CRASHED', `pack ${this.name} exited before ${api} started`));
    return new Promise<CallOutcome>((resolve) => {
      const id = ++this.nextId;
      const timeoutMs = options.timeoutMs ?? this.options.callTimeoutMs ?? 30_000;
      const onAbort = (): void => {
        entry.settle(failure('CANCELLED', `${api} was cancelled`));
        this.post(child, { type: 'cancel', id });
      };
      const entry: Pending = {
        settled: false,
        settle: (outcome) => {
          if (entry.settled) return;
          entry.settled = true;
          options.signal.removeEventListener('abort', onAbort);
          resolve(outcome);
        },
      };
      // The timer outlives a cancel: a pack that ignores cancellation is stopped when the call's time is up.
      entry.timer = setTimeout(() => {
        child.pending.delete(id);
        if (entry.settled) {
          this.logger.warn('pack ignored a cancellation; restarting it', { pack: this.name, api });
          void this.stop(child, { code: 'PACK_CRASHED', message: `pack ${this.name} was restarted because a cancelled ${api} did not stop` });
        } else {
          entry.settle(failure('TIMEOUT', `${api} did not finish within ${timeoutMs} ms; the pack was restarted`));
          void this.stop(child, { code: 'PACK_CRASHED', message: `pack ${this.name} was restarted because ${api} timed out` });
        }
      }, timeoutMs);
      child.pending.set(id, entry);
      options.signal.addEventListener('abort', onAbort, { once: true });
      try {
        this.post(child, { type: 'call', id, verb, args, roots: options.roots });
      } catch (error) {
        clearTimeout(entry.timer);
        child.pending.delete(id);
        entry.settle(failure('INVALID_ARGUMENTS', `${api}: the arguments cannot be sent to the pack (${(error as Error).message})`));
      }
    });
  }

  /** Sends a message; a closed channel is left to the exit handler, which settles the calls. */
  private post(child: Child, message: HostMessage): void {
    if (!child.alive || !child.process.connected) return;
    child.process.send(message, (error) => {
      if (error) this.logger.debug('could not send to pack', { pack: this.name, error: error.message });
    });
  }

  private ensureChild(): Promise<Child> {
    if (this.child?.alive && !this.child.stopped) return Promise.resolve(this.child);
    this.starting ??= this.restart().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** Restarts after a crash with a growing delay, and gives up for a while when it keeps crashing. */
  private async restart(): Promise<Child> {
    const now = Date.now();
    while (this.exits.length > 0 && now - this.exits[0]! > 60_000) this.exits.shift();
    const limit = this.options.maxRestartsPerMinute ?? 5;
    if (this.exits.length > limit) {
      throw new Error(`pack ${this.name} stopped ${this.exits.length} times in the last minute; it will not be restarted until that calms down`);
    }
    const last = this.exits.at(-1) ?? 0;
    const wait = Math.min(100 * 2 ** Math.max(this.exits.length - 1, 0), 5_000) - (now - last);
    this.logger.warn('restarting pack', { pack: this.name, recentStops: this.exits.length, waitMs: Math.max(wait, 0) });
    if (wait > 0) await delay(wait, undefined, { signal: this.lifetime.signal }).catch(() => undefined);
    if (this.disposing) throw new Error(`pack ${this.name} has been stopped`);
    const child = await this.spawn();
    if (this.disposing) {
      await this.stop(child);
      throw new Error(`pack ${this.name} has been stopped`);
    }
    this.child = child;
    return child;
  }

  private async spawn(signal?: AbortSignal): Promise<Child> {
    signal?.throwIfAborted();
    const { manifest } = this.options;
    const config: RunnerConfig = { main: this.paths.main, hosts: manifest.permissions.hosts, maxResultBytes: this.maxResultBytes };
    const proc = fork(this.paths.runnerPath, [JSON.stringify(config)], {
      cwd: this.paths.dir,
      env: childEnv(),
      execArgv: this.paths.execArgv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    let markExited!: () => void;
    const child: Child = { process: proc, alive: true, exited: new Promise((r) => (markExited = r)), pending: new Map(), stderrTail: '' };
    const ready = new Promise<string[]>((resolve, reject) => (child.startup = { resolve, reject }));
    this.pipeOutput(child);
    proc.on('message', (raw) => this.onMessage(child, raw));
    proc.on('error', (error) => {
      this.logger.warn('pack process error', { pack: this.name, error: error.message });
      if (proc.pid === undefined) this.onExit(child, null, null, error.message);
    });
    proc.once('exit', (code, signal) => this.onExit(child, code, signal));
    proc.once('exit', () => markExited());
    if (proc.pid === undefined) proc.once('error', () => markExited());

    const timeoutMs = this.options.startTimeoutMs ?? 10_000;
    const timer = setTimeout(
      () => child.startup?.reject(new PackError('BAD_SOURCE', `pack ${this.name} did not start within ${timeoutMs} ms`, this.name)),
      timeoutMs,
    );
    const onAbort = (): void => child.startup?.reject(signal?.reason as Error);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const verbs = await ready;
      const missing = [...this.verbs].filter((verb) => !verbs.includes(verb));
      if (missing.length > 0) {
        throw new PackError(
          'BAD_MANIFEST',
          `pack ${this.name}: ${manifest.main} exports no function for the declared API${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
          this.name,
        );
      }
      this.logger.info('pack started', { pack: this.name, pid: proc.pid });
      return child;
    } catch (error) {
      await this.stop(child);
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      child.startup = undefined;
    }
  }

  private onMessage(child: Child, raw: unknown): void {
    const parsed = childMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.logger.warn('pack sent an invalid message; restarting it', { pack: this.name });
      void this.stop(child, { code: 'PACK_CRASHED', message: `pack ${this.name} broke the protocol and was restarted` });
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        child.startup?.resolve(message.verbs);
        return;
      case 'load-error':
        child.startup?.reject(new PackError('BAD_SOURCE', `pack ${this.name} failed to load: ${message.message}`, this.name));
        return;
      case 'log':
        this.logger.info(message.message, { pack: this.name });
        return;
      case 'result': {
        const entry = child.pending.get(message.id);
        if (!entry) return;
        child.pending.delete(message.id);
        clearTimeout(entry.timer);
        if (!message.ok) {
          entry.settle({ ok: false, error: message.error });
          return;
        }
        const value = message.value ?? null;
        const bytes = Buffer.byteLength(JSON.stringify(value));
        entry.settle(
          bytes > this.maxResultBytes ? failure('API_ERROR', `the result is ${bytes} bytes; the limit is ${this.maxResultBytes}`) : { ok: true, value },
        );
        return;
      }
    }
  }

  private onExit(child: Child, code: number | null, signal: NodeJS.Signals | null, error?: string): void {
    if (!child.alive) return;
    child.alive = false;
    const how = error ?? (signal ? `signal ${signal}` : `code ${code}`);
    this.retire(child);
    const tail = child.stderrTail.trim();
    child.startup?.reject(new PackError('BAD_SOURCE', `pack ${this.name} exited before it was ready (${how})${tail ? `: ${tail}` : ''}`, this.name));
    const reason = child.stopped ?? { code: 'PACK_CRASHED' as const, message: `pack ${this.name} exited during the call (${how})` };
    for (const entry of child.pending.values()) {
      clearTimeout(entry.timer);
      entry.settle(failure(reason.code, reason.message));
    }
    child.pending.clear();
    if (!child.stopped) this.logger.warn('pack process exited', { pack: this.name, how });
  }

  /** Kills a child (SIGKILL: it runs untrusted code) and waits until it has exited. */
  private async stop(child: Child, reason?: { code: CallErrorCode; message: string }): Promise<void> {
    child.stopped ??= reason ?? { code: 'PACK_CRASHED', message: `pack ${this.name} was stopped` };
    this.retire(child);
    if (child.alive) child.process.kill('SIGKILL');
    await child.exited;
  }

  /** Takes a child out of service at once (the next call restarts) and counts its end against the restart budget. */
  private retire(child: Child): void {
    if (this.child === child) this.child = undefined;
    if (child.counted) return;
    child.counted = true;
    if (!this.disposing) this.exits.push(Date.now());
  }

  private pipeOutput(child: Child): void {
    let lines = 0;
    const forward = (stream: NodeJS.ReadableStream | null, isError: boolean): void => {
      if (!stream) return;
      const which = isError ? 'stderr' : 'stdout';
      const onLine = (line: string): void => {
        if (isError) child.stderrTail = `${child.stderrTail}\n${line}`.slice(-2_000);
        lines += 1;
        if (lines <= OUTPUT_LINES_LOGGED) {
          this.logger.debug(line.slice(0, 2_000), { pack: this.name, stream: which });
        } else if (lines === OUTPUT_LINES_LOGGED + 1) {
          this.logger.debug('further pack output is not logged', { pack: this.name });
        }
      };
      boundedLines(stream, MAX_OUTPUT_LINE_BYTES, onLine, (bytes) => {
        const message = `pack ${this.name} wrote ${bytes} bytes to ${which} without a newline (the limit is ${MAX_OUTPUT_LINE_BYTES}) and was stopped`;
        this.logger.warn(message, { pack: this.name });
        child.stderrTail = message;
        void this.stop(child, { code: 'PACK_CRASHED', message });
      });
    };
    forward(child.process.stdout, false);
    forward(child.process.stderr, true);
  }

  private get maxResultBytes(): number {
    return this.options.maxResultBytes ?? 8 * 1024 * 1024;
  }
}

/** The child's whole environment: no secrets, no NODE_OPTIONS, only what Node needs to run. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'Path', 'SystemRoot', 'SYSTEMROOT', 'TZ', 'LANG']) {
    if (process.env[key] !== undefined) env[key] = process.env[key];
  }
  // Inside Electron, process.execPath is the Electron binary: make it behave as plain Node.
  if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
  return env;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
