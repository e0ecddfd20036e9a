import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCheck, type CheckResult } from '../../electron/hosts/cli/office-checks';
import { loadTasks, SUITE, type SuiteTask } from './officebench-coverage';

/**
 * OfficeBench's checks on what needs no model: each dev task's untouched testbed, and, where upstream ships
 * the expected output (the `reference/` folder of the exact-match tasks), the testbed with that output put
 * where the task's result file goes. A reference output that fails its own task's checks is an upstream
 * error (or a reader of ours that differs from upstream's). Run: `npx tsx test/bench/officebench-reference.ts`.
 */

export interface ReferenceRow {
  id: string;
  /** Whether upstream ships the task's expected output. */
  hasReference: boolean;
  /** All checks on the untouched testbed (a pass means the checks do not need any work). */
  untouched: CheckResult[];
  /** All checks with the reference output in place (only when hasReference). */
  withReference?: CheckResult[];
}

const REFERENCE = /^(\.\.\/)+reference\//;

async function grade(task: SuiteTask, place: boolean): Promise<CheckResult[]> {
  const work = await mkdtemp(join(tmpdir(), 'officebench-ref-'));
  const testbedDir = join(SUITE, task.testbed_dir);
  const referenceDir = task.reference_dir ? join(SUITE, task.reference_dir) : undefined;
  try {
    await cp(testbedDir, work, { recursive: true }).catch(() => undefined);
    if (place && referenceDir) {
      for (const c of task.check.evaluation) {
        if (c.function !== 'evaluate_exact_match') continue;
        const target = join(work, String(c.args.result_file));
        await mkdir(dirname(target), { recursive: true });
        const expected = String(c.args.expected_file);
        const source = REFERENCE.test(expected) ? join(referenceDir, expected.replace(REFERENCE, '')) : join(testbedDir, expected);
        if (existsSync(source)) await copyFile(source, target);
      }
    }
    return await Promise.all(task.check.evaluation.map((c) => runCheck(work, c, { testbedDir, ...(referenceDir ? { referenceDir } : {}) })));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export async function referenceRows(): Promise<ReferenceRow[]> {
  const rows: ReferenceRow[] = [];
  for (const task of await loadTasks()) {
    const hasReference = task.check.evaluation.some((c) => c.function === 'evaluate_exact_match');
    rows.push({ id: task.id, hasReference, untouched: await grade(task, false), ...(hasReference ? { withReference: await grade(task, true) } : {}) });
  }
  return rows;
}

const passes = (checks: CheckResult[] | undefined) => !!checks && checks.length > 0 && checks.every((c) => c.passed);

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await referenceRows();
  const withRef = rows.filter((r) => r.hasReference);
  const refPassed = withRef.filter((r) => passes(r.withReference));
  const exact = withRef.flatMap((r) => r.withReference!.filter((c) => c.function === 'evaluate_exact_match'));
  process.stdout.write(
    `tasks ${rows.length}; with a reference output ${withRef.length}; passing every check with it ${refPassed.length}; exact-match checks passing on the reference ${exact.filter((c) => c.passed).length}/${exact.length}\n`,
  );
  for (const r of withRef.filter((x) => !passes(x.withReference)))
    process.stdout.write(
      `  reference fails ${r.id}: ${r
        .withReference!.filter((c) => !c.passed)
        .map((c) => `${c.function}: ${c.detail}`)
        .join('; ')}\n`,
    );
  const free = rows.filter((r) => passes(r.untouched));
  process.stdout.write(`untouched testbeds passing every check: ${free.length}\n`);
  for (const r of free) process.stdout.write(`  passes untouched ${r.id}: ${r.untouched.map((c) => c.function).join(', ')}\n`);
  const raised = rows.flatMap((r) => r.untouched.filter((c) => c.raised).map((c) => `${r.id} ${c.function}: ${c.detail}`));
  process.stdout.write(`checks that raise on the untouched testbed: ${raised.length}\n${raised.map((l) => `  ${l}\n`).join('')}`);
}
