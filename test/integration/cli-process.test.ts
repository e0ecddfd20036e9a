import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/temp-home';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
let home: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => (home = await tempHome()));
afterEach(() => home.cleanup());

// The command lines other tools rely on, run as real child processes.
describe('switchboard as a process', () => {
  it('npm run -s switchboard -- --help prints usage and exits 0', async () => {
    const { stdout } = await run('npm', ['run', '-s', 'switchboard', '--', '--help'], { cwd: root, env: { ...process.env, SWITCHBOARD_HOME: home.dir } });
    expect(stdout).toMatch(/^Usage: switchboard/);
  });

  it('the package bin runs the same CLI', async () => {
    const { stdout } = await run(process.execPath, ['electron/hosts/bin.mjs', 'chat', 'ping'], {
      cwd: root,
      env: { ...process.env, SWITCHBOARD_HOME: home.dir },
    });
    // No model is configured in a fresh home: the reply says how to set one up (never a fake answer).
    expect(stdout).toMatch(/^No model is set up yet/);
    // A cold core in a new process (and, after a source changed, the CLI bundle rebuilt first).
  }, 240_000);

  it('exits non-zero on an unknown command', async () => {
    const error = await run(process.execPath, ['electron/hosts/bin.mjs', 'frobnicate'], { cwd: root }).catch((e: { code: number }) => e);
    expect((error as { code: number }).code).not.toBe(0);
  });
});
