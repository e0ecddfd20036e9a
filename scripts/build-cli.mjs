#!/usr/bin/env node
// Bundles the `switchboard` command (electron/hosts/cli.ts) into out/cli/ with esbuild, so the command
// starts without transpiling: npm postinstall runs it, and bin.mjs runs it again when a source it was
// built from has changed (`npm run build:cli` does it by hand). Dependencies stay in node_modules;
// code-splitting keeps each command's heavy imports in chunks loaded only when that command runs.
import process from 'node:process';
import { buildCli } from '../electron/hosts/cli-bundle.mjs';

try {
  const { ms } = await buildCli();
  process.stdout.write(`[build-cli] built out/cli/ in ${ms} ms\n`);
} catch (error) {
  // The command still works without the bundle (bin.mjs falls back to tsx), only slower to start.
  process.stdout.write(
    `[build-cli] NOT built (${error instanceof Error ? error.message.split('\n')[0] : error}); \`switchboard\` runs from source, slower to start\n`,
  );
}
