import { describe, expect, it } from 'vitest';
import { hasSuite, runCoverage, summarize } from '../bench/officebench-coverage';

// Every reference program of test/fixtures/officebench runs through the real executor (verifier, QuickJS
// sandbox, built-in packs, approvals, Apply) on a copy of its OfficeBench testbed and is graded by the
// suite's checks. A program passes unless the manifest records an upstream error in its task (then it must
// still fail, so a fixed upstream task or a changed check shows up here).
describe.skipIf(!hasSuite())('OfficeBench coverage', () => {
  it('passes the checks of every expressible task', async () => {
    const rows = await runCoverage();
    const expressible = rows.filter((r) => r.expressible);
    expect(expressible.length).toBeGreaterThanOrEqual(80);
    const wrong = expressible.filter((r) => r.passed !== (r.expect === 'pass')).map((r) => `${r.id} (expected ${r.expect}): ${r.status} ${r.detail}`);
    expect(wrong).toEqual([]);
    // Every task is accounted for: a program, or the missing APIs named (or a note saying none is written yet).
    expect(rows.filter((r) => !r.expressible && r.blockedBy.length === 0 && !r.detail)).toEqual([]);
    expect(summarize(rows).tasks).toBe(216);
  }, 600_000);
});
