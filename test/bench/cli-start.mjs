#!/usr/bin/env node
// `npm run bench:cli [-- --before <other checkout>] [--runs n]`: cold start of the `switchboard` command,
// each run a new process, timed by hyperfine (apt-get install hyperfine). Prints one line per command:
// mean, min and max seconds. --before times another checkout's bin.mjs the same way (the figures
// before a change). Targets (issue 16): --help and version ≤ 0.3 s, apis list ≤ 1.5 s, exec of a
// one-call program ≤ 2.5 s.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const runs = Number(option('--runs', '5'));
const repo = fileURLToPath(new URL('../..', import.meta.url));
const checkouts = [['after', repo], ...(option('--before') ? [['before', resolve(option('--before'))]] : [])];

if (spawnSync('hyperfine', ['--version'], { stdio: 'ignore' }).error) {
  process.stderr.write('bench:cli needs hyperfine (Debian: apt-get install hyperfine)\n');
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'switchboard-bench-cli-'));
const home = join(work, 'home');
const root = join(work, 'root');
mkdirSync(root, { recursive: true });
writeFileSync(join(root, 'a.txt'), 'hello');
const program = join(work, 'one-call.js');
writeFileSync(program, "const info = await fs.stat({ path: 'a.txt' });\nreturn info.size;\n");

try {
  for (const [label, checkout] of checkouts) {
    const bin = `node ${join(checkout, 'electron/hosts/bin.mjs')} --home ${home}`;
    // One warm-up run outside the timing builds what a first run builds (word-vector cache, index, bundle).
    execFileSync('sh', ['-c', `${bin} exec ${program} --root ${root} >/dev/null 2>&1 || true`]);
    const commands = {
      '--help': `${bin} --help`,
      version: `${bin} version`,
      'apis list': `${bin} apis list`,
      'exec one-call': `${bin} exec ${program} --root ${root}`,
    };
    for (const [name, command] of Object.entries(commands)) {
      const json = join(work, 'result.json');
      execFileSync('hyperfine', ['--runs', String(runs), '--warmup', '0', '-N', '--export-json', json, command], { stdio: 'ignore' });
      const [r] = JSON.parse(readFileSync(json, 'utf8')).results;
      process.stdout.write(
        `${label.padEnd(7)} ${name.padEnd(14)} mean ${r.mean.toFixed(3)} s  min ${r.min.toFixed(3)} s  max ${r.max.toFixed(3)} s  (${runs} runs)\n`,
      );
    }
  }
  process.stdout.write(`load average: ${readFileSync('/proc/loadavg', 'utf8').trim()}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
