// The process environment Switchboard's processes run with, for the selector's native memory.
//
// On Linux, LanceDB (the selector's index) runs dozens of threads, and glibc gives busy threads their own
// malloc arenas and keeps the memory freed into each. With MALLOC_ARENA_MAX=2 the memory is reused
// instead: measured at 100k APIs (`bench scale --apis 100000`), the selector adds 263-313 MB with it and
// 341-401 MB without. glibc reads the variable once, when the process starts, so a launcher sets it for
// the process it starts (`npm start` for Electron), and the CLI and the web host, started without it,
// start themselves again with it. An explicit MALLOC_ARENA_MAX is kept; SWITCHBOARD_DEFAULT_MALLOC=1
// keeps glibc's default.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import process from 'node:process';

/** The environment to start a process with, or undefined when `env` needs nothing added. */
export function allocatorEnv(env = process.env, platform = process.platform) {
  if (platform !== 'linux' || env.MALLOC_ARENA_MAX || env.SWITCHBOARD_DEFAULT_MALLOC === '1') return undefined;
  return { ...env, MALLOC_ARENA_MAX: '2' };
}

/**
 * Starts this same process again (same Node flags and arguments) with the allocator setting when it
 * lacks it, forwards signals, and exits with the child's status; returns at once when nothing is needed.
 */
export async function ensureAllocatorEnv() {
  const env = allocatorEnv();
  if (!env) return;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  const status = await new Promise((resolve) => {
    child.on('error', () => resolve(1));
    child.on('exit', (code, signal) => resolve(code ?? 128 + (constants.signals[signal] ?? 0)));
  });
  process.exit(status);
}
