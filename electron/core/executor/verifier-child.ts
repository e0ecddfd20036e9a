// The verifier's own process (started by verifier-host.ts): one Verifier kept warm across requests, so the
// standard library is parsed once. The core bounds it from outside (time: kill; memory: --max-old-space-size).
import process from 'node:process';
import { Worker } from 'node:worker_threads';
import type { ApiDocument } from '../../../apis/sdk';
import { errorMessage } from '../../shared/errors';
import { CODE_CACHE_ENV, type CodeCacheState, loadWithCodeCache } from './code-cache';
import type { Verifier } from './verifier';

// A check may keep this thread busy for minutes, so 'disconnect' cannot be heard: a watchdog thread ends the
// process when the core that started it is gone (killed with -9, it could not kill its checker). It starts
// before TypeScript loads (seconds on a busy machine).
const parent = process.ppid;
new Worker(`setInterval(() => { if (process.ppid !== ${parent}) process.kill(${process.pid}, 'SIGKILL'); }, 250);`, { eval: true }).unref();
process.on('disconnect', () => process.exit(0));

/** One request: check `program` against `docs`. */
export interface VerifyRequest {
  id: number;
  program: string;
  docs: ApiDocument[];
}

/** The answer: the verdict, or why the checker itself failed (the host then replaces this process). */
export type VerifyReply = { id: number; ok: true; result: ReturnType<Verifier['verify']> } | { id: number; ok: false; error: string };

/** The first message (id 0): the checker is ready, and what became of the compiler's code cache. */
export interface ReadyReply {
  id: 0;
  ok: true;
  codeCache: CodeCacheState;
}

let verifier: Verifier | undefined;

process.on('message', (message: VerifyRequest) => {
  let reply: VerifyReply;
  try {
    if (!verifier) throw new Error('the checker has not started yet');
    reply = { id: message.id, ok: true, result: verifier.verify(message.program, message.docs) };
  } catch (error) {
    // Deep nesting overflows the checker's recursion: a RangeError here, not a crash of the core.
    const deep = error instanceof RangeError && /call stack/i.test(error.message);
    reply = { id: message.id, ok: false, error: deep ? 'it is nested too deeply; write it with less nesting' : `the checker failed: ${errorMessage(error)}` };
  }
  process.send?.(reply);
});

// TypeScript loads after the watchdog runs (through the code cache when the host names one); the standard
// library is parsed before the host sends a request. A missing or refused cache is written after that first
// check (so it holds the parser's and checker's compiled functions) and before the ready message, so even a
// short first run (an `exec` that kills its checker at once) leaves it for the next one.
const compiler = loadWithCodeCache('typescript', process.env[CODE_CACHE_ENV] || undefined);
void import('./verifier').then(({ Verifier }) => {
  verifier = new Verifier();
  verifier.verify('', []);
  compiler.save();
  process.send?.({ id: 0, ok: true, codeCache: compiler.state } satisfies ReadyReply);
});
