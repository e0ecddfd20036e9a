#!/usr/bin/env node
// The installed `switchboard` command (and `npm run switchboard`). Runs the bundle in out/cli/ (built at
// npm install, and again here when a source changed); without esbuild it runs the TypeScript through
// tsx. Commands that open the core run in a process started with the allocator setting of
// allocator-env.mjs; help and version answer at once.
import process from 'node:process';
import { ensureAllocatorEnv } from './allocator-env.mjs';
import { buildCli, cliBundleFresh, ENTRY } from './cli-bundle.mjs';

const LIGHT = new Set(['version', 'help', '--help', '-h', '--version', '-V']);
const args = process.argv.slice(2);
const light = args.length === 0 || LIGHT.has(args[0]) || args.includes('--help') || args.includes('-h');
if (!light) await ensureAllocatorEnv();

// SWITCHBOARD_CLI_FROM_SOURCE=1 runs the TypeScript through tsx (no build step while developing the CLI).
let entry = process.env.SWITCHBOARD_CLI_FROM_SOURCE === '1' ? undefined : ENTRY;
if (entry && !(await cliBundleFresh())) {
  try {
    await buildCli();
  } catch {
    entry = undefined;
  }
}
if (entry) {
  await import(entry);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./cli.ts');
}
