import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ApiDocument } from '../../../apis/sdk';
import type { Disposable } from '../lifecycle';
import { CODE_CACHE_ENV, type CodeCacheState } from './code-cache';
import type { ReadyReply, VerifyReply, VerifyRequest } from './verifier-child';
import type { VerifyResult } from './verifier';

/** Bounds of one verification: past either, the checker's process is killed and replaced. */
export interface VerifyLimits {
  /** Wall time of one check, from when the checker starts on it. */
  timeoutMs: number;
  /** The checker process's JavaScript heap (`--max-old-space-size`). */
  memoryMb: number;
}

export const DEFAULT_VERIFY_LIMITS: VerifyLimits = { timeoutMs: 20_000, memoryMb: 1024 };

export interface VerifierHostOptions {
  /** Read before each check, so a settings change applies to the next one (a new memory bound restarts the checker). */
  limits?: () => Partial<VerifyLimits>;
  /** The checker's entry; default: verifier-child.mjs beside the bundle, else verifier-child.ts run through tsx. */
  entry?: { file: string; execArgv: string[] };
  /**
   * A folder for V8's code cache of the compiler, so a new checker starts without compiling TypeScript again
   * (code-cache.ts); omitted: no cache.
   */
  codeCacheDir?: string;
}

interface Checker {
  process: ChildProcess;
  memoryMb: number;
  ready: Promise<void>;
  /** True once it has loaded TypeScript and parsed the standard library. */
  started?: boolean;
  /** What became of the compiler's code cache, once started. */
  codeCache?: CodeCacheState;
  /** Why it exited, once it has. */
  exited?: string;
}

interface Pending {
  request: VerifyRequest;
  limits: VerifyLimits;
  signal?: AbortSignal;
  resolve: (result: VerifyResult) => void;
}

/** A verdict that is not about the program's text: the check itself could not finish. */
export function unfinishedResult(message: string): VerifyResult {
  return { ok: false, diagnostics: [{ line: 1, column: 1, kind: 'limit', message }], text: `line 1, column 1 (limit): ${message}`, calls: [] };
}

/** True when the verdict says the program could not be checked (time, memory, nesting), not that it is wrong. */
export function isUnfinished(result: VerifyResult): boolean {
  return result.diagnostics.some((d) => d.kind === 'limit');
}

function defaultEntry(): { file: string; execArgv: string[] } {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const name of ['verifier-child.mjs', 'verifier-child.js']) {
    if (existsSync(join(here, name))) return { file: join(here, name), execArgv: [] };
  }
  // From source (tests, `SWITCHBOARD_CLI_FROM_SOURCE`): the TypeScript entry through tsx's loader.
  const tsx = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'loader.mjs');
  return { file: join(here, 'verifier-child.ts'), execArgv: ['--import', pathToFileURL(tsx).href] };
}

/**
 * Runs the TypeScript verifier in a child process of its own, one check at a time, so a program that makes
 * the checker run for minutes, eat gigabytes or overflow its stack costs a killed process, not the core.
 * The process stays warm between checks (the standard library parsed once) and is replaced after a failure.
 */
export class VerifierHost implements Disposable {
  private checker: Checker | undefined;
  private readonly queue: Pending[] = [];
  private busy = false;
  private nextId = 1;
  private disposed = false;

  constructor(private readonly options: VerifierHostOptions = {}) {}

  /** Starts the checker now so the first verification does not wait for it. */
  prewarm(): void {
    if (!this.disposed) this.ensure(this.limits().memoryMb);
  }

  /** The checker's process id, once it has started and while it runs (tests kill it). */
  get pid(): number | undefined {
    return this.checker?.started && this.checker.exited === undefined ? this.checker.process.pid : undefined;
  }

  /** Resolves when the checker has started (starting it if needed): what became of its code cache. */
  async started(): Promise<CodeCacheState | undefined> {
    if (this.disposed) return undefined;
    const checker = this.ensure(this.limits().memoryMb);
    await checker.ready;
    return checker.codeCache;
  }

  /** Checks `program`; never rejects: a check that cannot finish is a `limit` diagnostic with a sentence. */
  verify(program: string, docs: readonly ApiDocument[], signal?: AbortSignal): Promise<VerifyResult> {
    if (this.disposed) return Promise.resolve(unfinishedResult('the program could not be checked: Switchboard is shutting down'));
    return new Promise((resolve) => {
      this.queue.push({ request: { id: this.nextId++, program, docs: [...docs] }, limits: this.limits(), ...(signal ? { signal } : {}), resolve });
      void this.drain();
    });
  }

  private limits(): VerifyLimits {
    const given = Object.fromEntries(Object.entries(this.options.limits?.() ?? {}).filter(([, v]) => v !== undefined));
    return { ...DEFAULT_VERIFY_LIMITS, ...given };
  }

  private async drain(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) next.resolve(await this.check(next));
    } finally {
      this.busy = false;
    }
  }

  private async check({ request, limits, signal }: Pending): Promise<VerifyResult> {
    if (signal?.aborted) return unfinishedResult('the program was not checked: the run was cancelled');
    const checker = this.ensure(limits.memoryMb);
    // An idle checker does not keep the process alive; one working on a check does.
    hold(checker, true);
    const seconds = Math.round(limits.timeoutMs / 100) / 10;
    return new Promise<VerifyResult>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (result: VerifyResult, kill: boolean) => {
        clearTimeout(timer);
        hold(checker, false);
        checker.process.off('message', onMessage);
        checker.process.off('close', onExit);
        signal?.removeEventListener('abort', onAbort);
        if (kill) this.replace(checker);
        resolve(result);
      };
      const onMessage = (reply: VerifyReply) => {
        if (reply.id !== request.id) return;
        if (reply.ok) done(reply.result, false);
        else done(unfinishedResult(`the program could not be checked: ${reply.error}`), true);
      };
      const onExit = () => done(unfinishedResult(exitSentence(checker, limits)), true);
      const onAbort = () => done(unfinishedResult('the program was not checked: the run was cancelled'), true);
      checker.process.on('message', onMessage);
      checker.process.once('close', onExit);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (checker.exited !== undefined) return onExit();
      // The clock starts when the checker is ready: its own start-up is not the program's fault.
      void checker.ready.then(() => {
        if (checker.exited !== undefined) return;
        timer = setTimeout(
          () => done(unfinishedResult(`the program could not be checked within ${seconds} s (the checker's time limit); write a simpler program`), true),
          limits.timeoutMs,
        );
        checker.process.send(request, (error) => {
          if (error) done(unfinishedResult(`the program could not be checked: the checker did not take it (${error.message})`), true);
        });
      });
    });
  }

  private ensure(memoryMb: number): Checker {
    if (this.checker && this.checker.exited === undefined && this.checker.memoryMb === memoryMb) return this.checker;
    if (this.checker) this.replace(this.checker);
    const entry = this.options.entry ?? defaultEntry();
    const child = fork(entry.file, [], {
      execArgv: [...entry.execArgv, `--max-old-space-size=${memoryMb}`],
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        [CODE_CACHE_ENV]: this.options.codeCacheDir ?? '',
        ...(process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {}),
      },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    const checker: Checker = { process: child, memoryMb, ready: Promise.resolve() };
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    checker.ready = new Promise<void>((resolve) => {
      const onReady = (reply: VerifyReply | ReadyReply) => {
        if (reply.id === 0) {
          child.off('message', onReady);
          checker.started = true;
          if ('codeCache' in reply) checker.codeCache = reply.codeCache;
          resolve();
        }
      };
      child.on('message', onReady);
      child.once('close', () => resolve());
    });
    // 'close' comes after stderr has ended, so V8's out-of-memory report has been read by then.
    child.once('close', (code, signal) => {
      checker.exited = /heap limit|heap out of memory/i.test(stderr) ? 'memory' : signal ? `signal ${signal}` : `exit code ${code}`;
      if (this.checker === checker) this.checker = undefined;
    });
    child.once('error', () => undefined);
    hold(checker, false);
    this.checker = checker;
    return checker;
  }

  /** Kills a checker (hung, over a limit, or its state in doubt after a failure); the next check starts a fresh one. */
  private replace(checker: Checker): void {
    if (this.checker === checker) this.checker = undefined;
    if (checker.exited === undefined) checker.process.kill('SIGKILL');
    if (!this.disposed) setImmediate(() => this.prewarm());
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const pending of this.queue.splice(0)) pending.resolve(unfinishedResult('the program could not be checked: Switchboard is shutting down'));
    const checker = this.checker;
    this.checker = undefined;
    if (checker && checker.exited === undefined) {
      const exited = new Promise((resolve) => checker.process.once('close', resolve));
      hold(checker, true);
      checker.process.kill('SIGKILL');
      await exited;
    }
  }
}

function hold(checker: Checker, on: boolean): void {
  const channel = (checker.process as unknown as { channel?: { ref(): void; unref(): void } }).channel;
  if (on) {
    checker.process.ref();
    channel?.ref();
  } else {
    checker.process.unref();
    channel?.unref();
  }
}

function exitSentence(checker: Checker, limits: VerifyLimits): string {
  if (checker.exited === 'memory') return `the program could not be checked within the checker's memory limit (${limits.memoryMb} MB); write a simpler program`;
  return `the program could not be checked: the checker stopped (${checker.exited ?? 'unknown cause'}) and was restarted`;
}
