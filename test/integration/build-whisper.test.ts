import { execFile, spawnSync } from 'node:child_process';
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCI } from '../helpers/chromium';
import { tempHome } from '../helpers/temp-home';

const toolsMissing = ['make', 'g++', 'cc'].filter((tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).error);
if (toolsMissing.length > 0) {
  if (isCI) throw new Error(`build-whisper tests: ${toolsMissing.join(', ')} missing (CI installs build-essential)`);
  process.stderr.write(`\n*** SKIPPING the build-whisper tests that run make: ${toolsMissing.join(', ')} not found\n\n`);
}
const SCRIPT = fileURLToPath(new URL('../../scripts/build-whisper.mjs', import.meta.url));
const run = promisify(execFile);

let work: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => {
  work = await tempHome();
});
afterEach(async () => work.cleanup());

/** Runs the postinstall script on a whisper.cpp folder of the test's making; it must never fail the install. */
async function postinstall(src: string, env: NodeJS.ProcessEnv = {}) {
  const { stdout } = await run(process.execPath, [SCRIPT], { env: { PATH: process.env.PATH, ...env, SWITCHBOARD_WHISPER_SRC: src } });
  return stdout;
}

describe('scripts/build-whisper.mjs (npm postinstall)', () => {
  it('without make and a C++ compiler it says so and how to fix it, and exits 0', async () => {
    const bin = join(work.dir, 'bin');
    await mkdir(bin);
    await symlink(process.execPath, join(bin, 'node'));
    const out = await postinstall(work.dir, { PATH: bin });
    expect(out).toContain('NOT compiling whisper.cpp: make, g++, cc not found');
    expect(out).toContain('npm run build:whisper');
  });

  it.runIf(toolsMissing.length === 0)('a failing make is reported, not fatal', async () => {
    await writeFile(join(work.dir, 'Makefile'), 'main:\n\t@echo "whisper.cpp: simulated compiler error" >&2; exit 1\n');
    const { stdout, stderr } = await run(process.execPath, [SCRIPT], { env: { PATH: process.env.PATH, SWITCHBOARD_WHISPER_SRC: work.dir } });
    expect(stdout).toMatch(/whisper\.cpp did NOT compile/);
    // On failure the end of make's output is shown, so the person sees the compiler's error.
    expect(stderr).toContain('whisper.cpp: simulated compiler error');
  });

  it.runIf(toolsMissing.length === 0)("a successful build prints none of make's output (whisper.cpp ends with 45 lines of ./main -h)", async () => {
    const usage = Array.from({ length: 45 }, (_, i) => `usage line ${i}`).join('\\n');
    await writeFile(
      join(work.dir, 'Makefile'),
      `main:\n\t@printf "#!/bin/sh\\n" > main && chmod +x main\n\t@printf '${usage}\\n' >&2\n\t@printf 'compiler chatter\\n'\n`,
    );
    const { stdout, stderr } = await run(process.execPath, [SCRIPT], { env: { PATH: process.env.PATH, SWITCHBOARD_WHISPER_SRC: work.dir } });
    expect(stdout).toMatch(/compiled .*main in \d/);
    expect(`${stdout}${stderr}`).not.toContain('usage line');
    expect(stderr).toBe('');
  });

  it('leaves an existing binary alone', async () => {
    await writeFile(join(work.dir, 'main'), '#!/bin/sh\n');
    await chmod(join(work.dir, 'main'), 0o755);
    expect(await postinstall(work.dir)).toContain('already compiled');
  });

  it.runIf(toolsMissing.length === 0)('builds main with make when it is missing', async () => {
    await writeFile(join(work.dir, 'Makefile'), 'main:\n\t@printf "#!/bin/sh\\necho built\\n" > main && chmod +x main\n');
    expect(await postinstall(work.dir)).toMatch(/compiled .*main in \d/);
    const { stdout } = await run(join(work.dir, 'main'));
    expect(stdout.trim()).toBe('built');
  });
});
