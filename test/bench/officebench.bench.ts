import { runCoverage, summarize, type CoverageRow } from './officebench-coverage';
import { percentile, round, type Figure } from './stats';

/** The coverage table as markdown: per task expressible?, passed?, blocking missing APIs; then the totals. */
export function coverageTable(rows: readonly CoverageRow[]): string {
  const lines = ['| task | apps | expressible | passed | blocked by / detail |', '|---|---|---|---|---|'];
  for (const r of rows) {
    const passed = r.passed === null ? '–' : r.passed ? 'yes' : 'NO';
    const why = r.expressible ? r.detail : r.blockedBy.length ? r.blockedBy.join('; ') : r.detail;
    lines.push(`| ${r.id} | ${r.apps.join(', ')} | ${r.expressible ? 'yes' : 'no'} | ${passed} | ${why.replaceAll('|', '/').slice(0, 240)} |`);
  }
  const s = summarize(rows);
  lines.push(
    '',
    `tasks ${s.tasks}, expressible ${s.expressible}, passed ${s.passed} (${((100 * s.passed) / s.tasks).toFixed(1)}% of all, ${s.expressible ? ((100 * s.passed) / s.expressible).toFixed(1) : '0'}% of expressible)`,
  );
  lines.push('', 'blocking missing APIs (tasks blocked):');
  for (const [api, n] of s.blocking) lines.push(`- ${api}: ${n}`);
  return `${lines.join('\n')}\n`;
}

// `npm run bench -- officebench`: runs every reference program through the executor and prints the table.
export async function benchOfficebench(): Promise<Figure[]> {
  const times: number[] = [];
  const started = performance.now();
  const rows = await runCoverage(undefined, (ms) => times.push(ms));
  const wall = performance.now() - started;
  if (!process.argv.includes('--json')) process.stdout.write(`\n${coverageTable(rows)}`);
  const s = summarize(rows);
  times.sort((a, b) => a - b);
  return [
    {
      name: 'officebench reference program (run + apply + checks)',
      n: times.length,
      p50_ms: round(percentile(times, 50)),
      p95_ms: round(percentile(times, 95)),
      extra: { tasks: s.tasks, expressible: s.expressible, passed: s.passed, wall_s: round(wall / 1000, 1), failed: s.failed },
    },
  ];
}
