import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { StagedEntry } from '../../apis/sdk';
import { packDocuments } from '../../apis/sdk';
import { createCore } from '../../electron/core/create-core';
import { ApplyJournal } from '../../electron/core/executor/apply-journal';
import { DEFAULT_LIMITS, SandboxHost } from '../../electron/core/executor/sandbox-host';
import { Verifier } from '../../electron/core/executor/verifier';
import { VerifierHost } from '../../electron/core/executor/verifier-host';
import { filesPack } from '../fixtures/builtin/files-pack';
import { notesPack } from '../fixtures/builtin/notes-pack';
import { tempHome } from '../helpers/temp-home';
import { percentile, round, type Figure } from './stats';

const PROGRAM = (i: number) => `const titles = ['a', 'b', 'c'];
const ids = [];
for (const title of titles) {
  const { id } = await notes.create({ title: title + ${i}, tags: ['bench'] });
  ids.push(id);
}
const hits = await notes.search({ query: 'a', limit: ${(i % 40) + 1} });
log('created', ids.length, hits.length);
const { text } = await files.read({ path: 'in.txt' });
await files.write({ path: 'out.txt', text: text.toUpperCase() });
return { ids, first: hits[0]?.title ?? null };`;

function figure(name: string, times: number[], extra?: Figure['extra']): Figure {
  const sorted = [...times].sort((a, b) => a - b);
  return { name, n: sorted.length, p50_ms: round(percentile(sorted, 50)), p95_ms: round(percentile(sorted, 95)), ...(extra ? { extra } : {}) };
}

async function timed(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Verification as the executor does it: in the checker's own process (start-up, then warm checks). */
export async function benchVerifierProcess(docs: ReturnType<typeof packDocuments>): Promise<Figure[]> {
  const host = new VerifierHost();
  const start = await timed(async () => {
    if (!(await host.verify(PROGRAM(0), docs)).ok) throw new Error('the bench program must verify');
  });
  const warm: number[] = [];
  for (let i = 1; i <= 50; i++) warm.push(await timed(() => host.verify(PROGRAM(i), docs)));
  await host.dispose();
  return [
    figure('verify in the checker process: start + first check', [start]),
    figure('verify in the checker process: warm (same toolbox, new program)', warm),
  ];
}

/** Verify cold and warm, sandbox start, per-call overhead, Apply and Undo of 1,000 files. */
export async function benchExecutor(): Promise<Figure[]> {
  const docs = [...packDocuments(filesPack), ...packDocuments(notesPack)];
  return [...(await benchVerifierInProcess(docs)), ...(await benchVerifierProcess(docs)), ...(await benchSandbox()), ...(await benchCoreAndApply())];
}

const CALLS = 2000;

/** The verifier in this process: a new language service each time (cold), then one kept (warm). */
async function benchVerifierInProcess(docs: ReturnType<typeof packDocuments>): Promise<Figure[]> {
  const figures: Figure[] = [];
  const cold: number[] = [];
  for (let i = 0; i < 5; i++) {
    const verifier = new Verifier();
    cold.push(
      await timed(() => {
        if (!verifier.verify(PROGRAM(i), docs).ok) throw new Error('the bench program must verify');
      }),
    );
    verifier.dispose();
  }
  figures.push(figure('verify cold (new LanguageService, lib parsed)', cold));
  const verifier = new Verifier();
  verifier.verify(PROGRAM(0), docs);
  const warm: number[] = [];
  for (let i = 1; i <= 50; i++) warm.push(await timed(() => verifier.verify(PROGRAM(i), docs)));
  figures.push(figure('verify warm (same toolbox, new program)', warm));
  verifier.dispose();
  return figures;
}

/** The machine's worker round trip, then the sandbox's start and its cost per host call. */
async function benchSandbox(): Promise<Figure[]> {
  const figures: Figure[] = [];
  // The floor under every sandbox figure: one message to a worker thread and back on this machine.
  const pingWorker = new Worker('const { parentPort } = require("node:worker_threads"); parentPort.on("message", (m) => parentPort.postMessage(m));', {
    eval: true,
  });
  const ping = () =>
    new Promise<void>((resolve) => {
      pingWorker.once('message', () => resolve());
      pingWorker.postMessage(1);
    });
  for (let i = 0; i < 20; i++) await ping();
  const pings: number[] = [];
  for (let i = 0; i < 200; i++) pings.push(await timed(ping));
  figures.push(figure('worker thread message round trip (machine floor)', pings));
  await pingWorker.terminate();

  const host = new SandboxHost();
  const limits = { ...DEFAULT_LIMITS, maxCalls: 100_000 };
  const echo = async ({ args }: { args: unknown }) => ({ ok: true as const, value: args });
  const run = (code: string) => host.run({ code, modules: { m: ['echo'] }, attachments: [], limits, onCall: echo, onLog: () => undefined });
  for (let i = 0; i < 5; i++) await run('return 1;');
  const starts: number[] = [];
  for (let i = 0; i < 100; i++) starts.push(await timed(() => run('return 1;')));
  figures.push(figure('sandbox start (warm worker, fresh QuickJS runtime, return 1)', starts));
  const loops: number[] = [];
  for (let i = 0; i < 5; i++) loops.push(await timed(() => run(`for (let i = 0; i < ${CALLS}; i++) await m.echo({ i });`)));
  const base = percentile(
    [...starts].sort((a, b) => a - b),
    50,
  );
  figures.push(
    figure(
      `per API call, sandbox <-> host (${CALLS} awaited calls)`,
      loops.map((t) => (t - base) / CALLS),
    ),
  );
  await host.dispose();

  return figures;
}

/** A host call through the whole executor, then Apply and Undo of 1,000 files. */
async function benchCoreAndApply(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const { dir, cleanup } = await tempHome('switchboard-bench-exec-');
  try {
    const core = await createCore({ host: 'test', home: join(dir, 'home'), env: {}, appVersion: 'bench', packs: [filesPack, notesPack] });
    await core.executor.run('return 1;');
    const full: number[] = [];
    for (let i = 0; i < 5; i++) {
      const result = await core.executor.run(`for (let i = 0; i < ${CALLS}; i++) await files.echo({ value: i });`, {
        apis: ['files.echo'],
        limits: { maxCalls: CALLS + 1 },
      });
      if (result.status !== 'completed') throw new Error(`bench run ${result.status}: ${result.error?.message}`);
      full.push((result.statistics.durationMs - result.statistics.verifyMs) / CALLS);
    }
    figures.push(figure(`per API call, whole executor (events, validation, pack, usage; ${CALLS} calls)`, full));
    await core.dispose();

    const applyTimes: number[] = [];
    const undoTimes: number[] = [];
    for (let round_ = 0; round_ < 3; round_++) {
      const root = join(dir, `root-${round_}`);
      const staging = join(dir, `staging-${round_}`);
      await mkdir(root, { recursive: true });
      await mkdir(staging, { recursive: true });
      const entries: StagedEntry[] = [];
      for (let i = 0; i < 1000; i++) {
        const target = join(root, `f${i}.txt`);
        if (i % 2 === 0) await writeFile(target, `old ${i}`.repeat(100));
        const stagedPath = join(staging, `f${i}.txt`);
        await writeFile(stagedPath, `new ${i}`.repeat(120));
        entries.push({ target, kind: 'other', action: 'write', stagedPath });
      }
      const journal = new ApplyJournal(join(dir, `undo-${round_}`));
      applyTimes.push(await timed(() => journal.apply('bench', entries)));
      undoTimes.push(await timed(() => journal.undo('bench')));
    }
    figures.push(figure('Apply 1,000 files (500 overwrite, 500 new; journal, undo copies, fsync)', applyTimes));
    figures.push(figure('Undo 1,000 files (hash-checked)', undoTimes));
  } finally {
    await cleanup();
  }
  return figures;
}
