import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PYTHON = '/usr/bin/python3';

/** Whether Debian's python3 with `module` importable is present; under CI a missing one fails instead of skipping. */
export function hasPythonModule(module: string): boolean {
  if (!existsSync(PYTHON)) return missing(`${PYTHON}`);
  const { status } = spawnSync(PYTHON, ['-c', `import ${module}`]);
  return status === 0 ? true : missing(`python module ${module}`);
}

function missing(what: string): boolean {
  if (process.env.CI === 'true') throw new Error(`CI needs ${what} (apt-get install python3-openpyxl python3-docx python3-xlsxwriter)`);
  process.stderr.write(`\n!!! SKIPPING second-reader tests: ${what} is not installed\n\n`);
  return false;
}

/** Runs a python script with arguments; the script prints one JSON value, returned parsed. */
export function python(script: string, args: readonly string[] = []): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(PYTHON, ['-c', script, ...args], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`python failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout));
    });
  });
}
