import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { allocatorEnv } from './allocator-env.mjs';
import { REPO_ROOT } from './package-info';

/** The Electron binary's path, or undefined when the package or its downloaded binary is missing. */
export function findElectronBinary(load: (id: string) => unknown = createRequire(import.meta.url)): string | undefined {
  try {
    const path = load('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

export const NO_ELECTRON_MESSAGE =
  'The Electron binary is not installed here, so the desktop app cannot start; run `npm run web` to use Switchboard in your browser instead.';

// `npm start`: build and launch the desktop app, or explain in one sentence why it cannot start.
if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  if (!findElectronBinary()) {
    process.stderr.write(`${NO_ELECTRON_MESSAGE}\n`);
    process.exitCode = 1;
  } else {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'preview'], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      // Electron's main process runs the core and its selector: start it with the allocator setting.
      env: allocatorEnv() ?? process.env,
    });
    child.on('exit', (code) => (process.exitCode = code ?? 1));
  }
}
