import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { builtinPacks } from '../../apis';
import { createCore, type Core } from '../../electron/core/create-core';
import { memorySink } from '../../electron/core/log/logger';
import { runCheck, type CheckResult } from '../../electron/hosts/cli/office-checks';

/**
 * OfficeBench coverage: for every dev task, either a reference action program (test/fixtures/officebench,
 * written against Switchboard's built-in APIs only) run through the real executor on a copy of the task's
 * testbed and graded by OfficeBench's checks, or the APIs whose absence blocks it.
 */

export const SUITE = '/work/shared/bench/office/officebench';
const FIXTURES = resolve(import.meta.dirname, '../fixtures/officebench');

const manifestSchema = z.object({
  tasks: z.array(
    z.object({
      id: z.string(),
      /** The reference program's file in test/fixtures/officebench. */
      program: z.string().optional(),
      /** Missing APIs that keep the task from being expressed (empty when it has a program). */
      blockedBy: z.array(z.string()).default([]),
      /** `fail`: the program does what the instruction says, but the upstream check or data is wrong (see note). */
      expect: z.enum(['pass', 'fail']).default('pass'),
      note: z.string().optional(),
    }),
  ),
});
export type ManifestEntry = z.infer<typeof manifestSchema>['tasks'][number];

const taskSchema = z.object({
  id: z.string(),
  instruction: z.string(),
  testbed_dir: z.string(),
  reference_dir: z.string().optional(),
  app: z.array(z.string()),
  check: z.object({ evaluation: z.array(z.object({ function: z.string(), args: z.record(z.string(), z.unknown()) })) }),
});
export type SuiteTask = z.infer<typeof taskSchema>;

export interface CoverageRow {
  id: string;
  apps: string[];
  expressible: boolean;
  /** null when the task has no program (blocked). */
  passed: boolean | null;
  blockedBy: string[];
  /** What the manifest expects of the program (`fail`: an upstream error, explained in detail). */
  expect: 'pass' | 'fail';
  status?: string;
  detail: string;
  checks: CheckResult[];
}

/** Whether the OfficeBench files exist here; under CI=true their absence is an error. */
export function hasSuite(): boolean {
  if (existsSync(join(SUITE, 'tasks.jsonl'))) return true;
  if (process.env.CI === 'true') throw new Error(`CI needs the OfficeBench suite at ${SUITE}`);
  process.stderr.write(`\n!!! SKIPPING OfficeBench coverage: ${SUITE} is missing\n\n`);
  return false;
}

export async function loadManifest(): Promise<ManifestEntry[]> {
  return manifestSchema.parse(JSON.parse(await readFile(join(FIXTURES, 'manifest.json'), 'utf8'))).tasks;
}

export async function loadTasks(): Promise<SuiteTask[]> {
  const text = await readFile(join(SUITE, 'tasks.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => taskSchema.parse(JSON.parse(l)));
}

export async function readProgram(entry: ManifestEntry): Promise<string> {
  return readFile(join(FIXTURES, entry.program!), 'utf8');
}

/** Runs one reference program on a fresh copy of its testbed, applies what it staged, then grades it. */
export async function runTask(core: Core, task: SuiteTask, program: string): Promise<{ status: string; error?: string; checks: CheckResult[] }> {
  const work = await mkdtemp(join(tmpdir(), 'officebench-'));
  try {
    // Some tasks (1-1: "add a meeting to Bob's calendar") start from an empty folder: upstream ships no testbed.
    if (existsSync(join(SUITE, task.testbed_dir))) await cp(join(SUITE, task.testbed_dir), work, { recursive: true });
    const result = await core.executor.run(program, {
      roots: [work],
      // The person approves every destructive call (deleting a file), as `exec --yes` does.
      onEvent: (event) => {
        if (event.type === 'run.approval.requested') core.executor.approve(event.runId, event.requestId, 'once');
      },
    });
    if (result.status !== 'completed') {
      await core.executor.discard(result.runId).catch(() => undefined);
      const diagnostics = result.diagnostics?.map((d) => `${d.line}:${d.column} ${d.message}`).join('; ') ?? '';
      return { status: result.status, error: `${result.error?.message ?? ''} ${diagnostics}`.trim(), checks: [] };
    }
    await core.executor.apply(result.runId);
    const referenceDir = task.reference_dir ? join(SUITE, task.reference_dir) : undefined;
    const checks = await Promise.all(task.check.evaluation.map((c) => runCheck(work, c, referenceDir ? { referenceDir } : {})));
    return { status: result.status, checks };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** A core with the built-in packs over a temporary data folder. */
export async function coverageCore(): Promise<{ core: Core; close: () => Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), 'officebench-home-'));
  const core = await createCore({ host: 'test', home, env: {}, appVersion: '0.0.0-test', packs: builtinPacks, logSinks: [memorySink()] });
  return {
    core,
    close: async () => {
      await core.dispose();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Every task of the suite with its verdict; `only` limits which programs run. */
export async function runCoverage(only?: (id: string) => boolean, onTimed?: (ms: number) => void): Promise<CoverageRow[]> {
  const [tasks, manifest] = await Promise.all([loadTasks(), loadManifest()]);
  const byId = new Map(manifest.map((e) => [e.id, e]));
  const { core, close } = await coverageCore();
  const rows: CoverageRow[] = [];
  try {
    for (const task of tasks) {
      const entry = byId.get(task.id);
      if (!entry?.program) {
        rows.push({
          id: task.id,
          apps: task.app,
          expressible: false,
          passed: null,
          blockedBy: entry?.blockedBy ?? ['(not classified)'],
          expect: 'pass',
          detail: entry?.note ?? '',
          checks: [],
        });
        continue;
      }
      if (only && !only(task.id)) continue;
      const started = performance.now();
      const outcome = await runTask(core, task, await readProgram(entry));
      onTimed?.(performance.now() - started);
      const failed = outcome.checks.filter((c) => !c.passed);
      const passed = outcome.status === 'completed' && outcome.checks.length > 0 && failed.length === 0;
      const detail = outcome.error ?? failed.map((c) => `${c.function}: ${c.detail}`).join('; ');
      rows.push({
        id: task.id,
        apps: task.app,
        expressible: true,
        passed,
        blockedBy: [],
        expect: entry.expect,
        status: outcome.status,
        detail: entry.expect === 'fail' ? `${detail} (upstream: ${entry.note ?? ''})` : detail,
        checks: outcome.checks,
      });
    }
  } finally {
    await close();
  }
  return rows;
}

/** Totals and the blocking APIs with how many tasks each blocks. */
/** A task whose program did not pass (or has none), and whether the manifest expects it to fail (an upstream error). */
export interface FailedTask {
  id: string;
  expected: boolean;
}

export function summarize(rows: readonly CoverageRow[]): {
  tasks: number;
  expressible: number;
  passed: number;
  failed: FailedTask[];
  blocking: [string, number][];
} {
  const blocking = new Map<string, number>();
  for (const row of rows) for (const api of row.blockedBy) blocking.set(api, (blocking.get(api) ?? 0) + 1);
  return {
    tasks: rows.length,
    expressible: rows.filter((r) => r.expressible).length,
    passed: rows.filter((r) => r.passed).length,
    failed: rows.filter((r) => !r.passed).map((r) => ({ id: r.id, expected: r.expect === 'fail' })),
    blocking: [...blocking].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
  };
}
