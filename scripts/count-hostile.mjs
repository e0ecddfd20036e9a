#!/usr/bin/env node
// Counts the cases of the hostile-program, malformed-file, hostile-pack and fault suites (issue 18), as vitest
// collects them (`vitest list`: each row of an it.each is a case; nothing runs). Prints per file, per suite
// and the total; `--json` prints the same as JSON. Usage: node scripts/count-hostile.mjs [--json] [--min N]
import { spawnSync } from 'node:child_process';
import console from 'node:console';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Each suite: files, and for a file that also holds ordinary tests, the pattern its hostile cases' names match. */
const SUITES = {
  'hostile programs': [
    { file: 'test/integration/executor-hostile.test.ts', match: /changes nothing/ },
    { file: 'test/integration/hostile-paths.test.ts', match: /is refused/ },
  ],
  'malformed files': [
    { file: 'test/integration/malformed-files.test.ts' },
    { file: 'test/integration/office-malformed.test.ts' },
    { file: 'test/integration/office-guard.test.ts', match: /refuses|bounds|DTD/ },
    { file: 'apis/pptx/malformed.test.ts' },
    { file: 'apis/pdf/pdf-files.test.ts', match: /refuse|damaged|encrypted|limit|\.(pdf|docx|xlsx|pptx|odt|doc|txt)\b/i },
    { file: 'apis/calendar/hostile.test.ts' },
    { file: 'apis/email/hostile.test.ts' },
    { file: 'electron/core/preview/pptx-preview.test.ts', match: /hostile/ },
  ],
  'hostile packs': [
    { file: 'test/integration/hostile-packs.test.ts' },
    { file: 'electron/core/platform/sources/hostile-sources.test.ts' },
    { file: 'test/integration/manifest-fuzz.test.ts' },
    { file: 'test/integration/pack-permissions.test.ts', match: /refuses/ },
    { file: 'electron/core/platform/schema-patterns.test.ts', match: /refuses/ },
  ],
  'races, journals, kill -9': [
    { file: 'test/integration/apply-race.test.ts' },
    { file: 'test/integration/apply-recovery.test.ts' },
    { file: 'test/integration/verify-crash.test.ts' },
  ],
};

function collect(files) {
  const dir = mkdtempSync(join(tmpdir(), 'count-hostile-'));
  const out = join(dir, 'list.json');
  try {
    const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
    const run = spawnSync(process.execPath, [vitest, 'list', '--config', 'test/vitest.config.ts', `--json=${out}`, ...files], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`vitest list failed (exit ${run.status}):\n${run.stderr.slice(-4000)}`);
    return JSON.parse(readFileSync(out, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main() {
  const args = process.argv.slice(2);
  const min = args.includes('--min') ? Number(args[args.indexOf('--min') + 1]) : 0;
  const entries = Object.values(SUITES).flat();
  const listed = collect(entries.map((e) => e.file));
  const byFile = new Map();
  for (const test of listed) {
    const file = relative(ROOT, test.file);
    byFile.set(file, [...(byFile.get(file) ?? []), test.name]);
  }
  const report = {};
  let total = 0;
  for (const [suite, files] of Object.entries(SUITES)) {
    report[suite] = { total: 0, files: {} };
    for (const { file, match } of files) {
      const names = byFile.get(file);
      if (!names) throw new Error(`${file}: vitest collected no tests (missing or renamed?)`);
      const n = names.filter((name) => !match || match.test(name)).length;
      report[suite].files[file] = n;
      report[suite].total += n;
    }
    if (suite !== 'races, journals, kill -9') total += report[suite].total;
  }
  if (args.includes('--json')) console.log(JSON.stringify({ suites: report, total }, null, 2));
  else {
    for (const [suite, { total: t, files }] of Object.entries(report)) {
      console.log(`${suite}: ${t}`);
      for (const [file, n] of Object.entries(files)) console.log(`  ${String(n).padStart(4)}  ${file}`);
    }
    console.log(`total (programs + files + packs): ${total}`);
  }
  if (total < min) {
    console.error(`fewer than ${min} cases`);
    process.exit(1);
  }
}

main();
