import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Disposable } from '../lifecycle';
import { errorMessage, type CallErrorCode, type RunErrorCode } from '../../shared/errors';
import type { Result } from '../../shared/result';

/** Limits of one sandboxed run. Every one is always set (see ENVIRONMENT.md's quickjs trap). */
export interface SandboxLimits {
  /** Wall time of the whole run, approval waits excluded; also the guest's computation deadline. */
  wallMs: number;
  memoryBytes: number;
  /** QuickJS stack; at most 256 KB. */
  stackBytes: number;
  maxCalls: number;
  maxLogBytes: number;
  maxResultBytes: number;
  maxArgsBytes: number;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  wallMs: 60_000,
  memoryBytes: 64 * 1024 * 1024,
  stackBytes: 256 * 1024,
  maxCalls: 500,
  maxLogBytes: 256 * 1024,
  maxResultBytes: 1024 * 1024,
  maxArgsBytes: 4 * 1024 * 1024,
};

/** How a sandboxed program can fail: the run vocabulary (electron/shared/errors.ts). */
export type SandboxFailureCode = RunErrorCode;

/** How a sandboxed program ended: its JSON result, or an error with a code. */
export type SandboxOutcome =
  | { ok: true; value: unknown; calls: number }
  | { ok: false; error: { code: SandboxFailureCode; message: string; stack?: string }; calls: number };

export interface SandboxCall {
  name: string;
  /** The arguments as the program passed them, parsed from JSON. */
  args: unknown;
}

export interface SandboxRunOptions {
  code: string;
  /** Module → verbs the program may call. */
  modules: Record<string, string[]>;
  attachments: readonly { handle: string; name: string; size: number }[];
  limits: SandboxLimits;
  signal?: AbortSignal;
  /** Performs one API call; must resolve (never reject) to `{ ok, value | error }`. */
  onCall(call: SandboxCall): Promise<Result<unknown, CallErrorCode>>;
  onLog(text: string): void;
}

/** A handle the host uses to pause the wall clock while a person decides an approval. */
export interface WallClock {
  pause(): void;
  resume(): void;
}

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'call'; id: number; name: string; args: string }
  | { type: 'log'; text: string }
  | ({ type: 'done'; calls?: number; reusable?: boolean } & (
      | { ok: true; value: string }
      | { ok: false; error: { code: RunErrorCode; message: string; stack?: string } }
    ));

const KILL_GRACE_MS = 250;
const WORKER_FILE = fileURLToPath(new URL('./sandbox-worker.mjs', import.meta.url));

/** A worker with QuickJS already loaded, waiting for its one program. */
interface WarmWorker {
  worker: Worker;
  ready: Promise<void>;
}

/**
 * Runs programs in QuickJS inside worker threads. Each run gets a fresh QuickJS runtime; a worker whose
 * run ended cleanly is kept warm for the next run (loading the WebAssembly takes ~0.5 s), one that was
 * stopped is terminated. A runaway program is stopped from outside with terminate(), whatever it does.
 */
export class SandboxHost implements Disposable {
  private warm: WarmWorker | undefined;
  private disposed = false;
  private readonly live = new Set<Worker>();

  constructor(private readonly options: { workerFile?: string; keepWarm?: boolean } = {}) {}

  /** Starts a warm worker now so the first run does not pay for it. */
  prewarm(): void {
    if (!this.warm && !this.disposed) this.warm = this.spawn();
  }

  async run(options: SandboxRunOptions, clock?: (c: WallClock) => void): Promise<SandboxOutcome> {
    if (this.disposed) throw new Error('the sandbox host is disposed');
    const warm = this.warm ?? this.spawn();
    this.warm = undefined;
    const { worker } = warm;
    let calls = 0;
    let reusable = false;
    let detach = () => undefined as void;
    try {
      await warm.ready;
      return await new Promise<SandboxOutcome>((resolve) => {
        let finished = false;
        let timer: NodeJS.Timeout | undefined;
        let remaining = options.limits.wallMs;
        let startedAt = Date.now();
        const finish = (outcome: SandboxOutcome) => {
          if (finished) return;
          finished = true;
          if (timer) clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
          resolve(outcome);
        };
        const stop = (code: RunErrorCode, message: string) => {
          reusable = false;
          finish({ ok: false, error: { code, message }, calls });
          void worker.terminate();
        };
        const arm = () => {
          startedAt = Date.now();
          // A grace period lets the guest's own deadline report first and keep the worker reusable.
          timer = setTimeout(
            () => stop('LIMIT_EXCEEDED', `the program ran longer than ${options.limits.wallMs} ms (time limit)`),
            Math.max(0, remaining) + KILL_GRACE_MS,
          );
        };
        const onAbort = () => stop('CANCELLED', 'the run was cancelled');
        clock?.({
          pause: () => {
            if (timer) clearTimeout(timer);
            timer = undefined;
            remaining -= Date.now() - startedAt;
          },
          resume: () => {
            if (!finished && !timer) arm();
          },
        });
        if (options.signal?.aborted) return onAbort();
        options.signal?.addEventListener('abort', onAbort, { once: true });
        const onError = (error: Error) => stop('SANDBOX_ERROR', `the sandbox failed: ${error.message}`);
        const onExit = () => stop('SANDBOX_ERROR', 'the sandbox stopped unexpectedly');
        const onMessage = (message: WorkerMessage) => {
          if (finished) return;
          if (message.type === 'log') options.onLog(message.text);
          else if (message.type === 'call') {
            calls += 1;
            void this.answer(worker, message, options, () => finished);
          } else if (message.type === 'done') {
            reusable = message.reusable === true;
            if (message.ok) {
              let value: unknown;
              try {
                value = JSON.parse(message.value);
              } catch {
                return stop('RESULT_NOT_JSON', 'the returned value is not JSON');
              }
              finish({ ok: true, value, calls: message.calls ?? calls });
            } else finish({ ok: false, error: message.error, calls: message.calls ?? calls });
          }
        };
        worker.on('error', onError);
        worker.on('exit', onExit);
        worker.on('message', onMessage);
        detach = () => {
          worker.off('error', onError);
          worker.off('exit', onExit);
          worker.off('message', onMessage);
        };
        arm();
        worker.postMessage({ type: 'run', code: options.code, modules: options.modules, attachments: options.attachments, limits: options.limits });
      });
    } finally {
      detach();
      if (reusable && !this.disposed && !this.warm && this.options.keepWarm !== false) {
        this.warm = { worker, ready: Promise.resolve() };
      } else {
        this.live.delete(worker);
        await worker.terminate();
        if (!this.disposed && this.options.keepWarm !== false) this.prewarm();
      }
    }
  }

  private async answer(
    worker: Worker,
    message: { id: number; name: string; args: string },
    options: SandboxRunOptions,
    finished: () => boolean,
  ): Promise<void> {
    let args: unknown;
    try {
      args = JSON.parse(message.args);
    } catch {
      args = undefined;
    }
    const outcome =
      args === undefined
        ? { ok: false as const, error: { code: 'INVALID_ARGUMENTS', message: `${message.name}: the arguments are not JSON` } }
        : await options.onCall({ name: message.name, args }).catch((error: unknown) => ({
            ok: false as const,
            error: { code: 'API_ERROR', message: errorMessage(error) },
          }));
    if (finished()) return;
    let text: string;
    try {
      text = JSON.stringify(outcome.ok ? { ok: true, value: outcome.value ?? null } : { ok: false, error: outcome.error });
    } catch {
      text = JSON.stringify({ ok: false, error: { code: 'API_ERROR', message: `${message.name} returned a value that is not JSON` } });
    }
    worker.postMessage({ type: 'reply', id: message.id, outcome: text });
  }

  private spawn(): WarmWorker {
    const worker = new Worker(this.options.workerFile ?? WORKER_FILE, {
      // WebAssembly memory is outside these, but they bound what the host side of the worker can grow to.
      resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      stdout: false,
      stderr: false,
    });
    worker.unref();
    this.live.add(worker);
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (message: WorkerMessage) => {
        if (message.type === 'ready') {
          worker.off('message', onMessage);
          resolve();
        } else if (message.type === 'done' && !message.ok) reject(new Error(message.error.message));
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    ready.catch(() => undefined);
    return { worker, ready };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.warm = undefined;
    await Promise.allSettled([...this.live].map((w) => w.terminate()));
    this.live.clear();
  }
}
