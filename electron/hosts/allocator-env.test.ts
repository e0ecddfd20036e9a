import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../test/helpers/temp-home';
import { allocatorEnv } from './allocator-env.mjs';

describe('allocator environment of Switchboard processes', () => {
  it('adds MALLOC_ARENA_MAX=2 on Linux only, and keeps an explicit setting or the opt-out', () => {
    expect(allocatorEnv({ PATH: '/bin' }, 'linux')).toEqual({ PATH: '/bin', MALLOC_ARENA_MAX: '2' });
    expect(allocatorEnv({ MALLOC_ARENA_MAX: '4' }, 'linux')).toBeUndefined();
    expect(allocatorEnv({ SWITCHBOARD_DEFAULT_MALLOC: '1' }, 'linux')).toBeUndefined();
    expect(allocatorEnv({}, 'darwin')).toBeUndefined();
    expect(allocatorEnv({}, 'win32')).toBeUndefined();
  });

  describe.skipIf(process.platform !== 'linux')('a process started without it', () => {
    let dir: string;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ dir, cleanup } = await tempHome('switchboard-allocator-')));
    afterEach(() => cleanup());

    it('starts itself again with it (same arguments), and exits with the status of that run', async () => {
      const script = join(dir, 'probe.mjs');
      const module = pathToFileURL(join(import.meta.dirname, 'allocator-env.mjs')).href;
      await writeFile(
        script,
        `import { ensureAllocatorEnv } from ${JSON.stringify(module)};\nawait ensureAllocatorEnv();\nprocess.stdout.write(JSON.stringify({ arenas: process.env.MALLOC_ARENA_MAX ?? null, args: process.argv.slice(2) }) + '\\n');\nprocess.exit(7);\n`,
      );
      const env = { ...process.env };
      delete env.MALLOC_ARENA_MAX;
      delete env.SWITCHBOARD_DEFAULT_MALLOC;
      const run = spawnSync(process.execPath, [script, 'one', 'two'], { env, encoding: 'utf8' });
      expect(run.status).toBe(7);
      // One line: only the restarted process went past ensureAllocatorEnv.
      expect(run.stdout.trim().split('\n')).toEqual([JSON.stringify({ arenas: '2', args: ['one', 'two'] })]);
      const optOut = spawnSync(process.execPath, [script], { env: { ...env, SWITCHBOARD_DEFAULT_MALLOC: '1' }, encoding: 'utf8' });
      expect(JSON.parse(optOut.stdout)).toEqual({ arenas: null, args: [] });
    });
  });
});
