import { execFile } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/hosts/cli/program';
import { filesPack } from '../fixtures/builtin/files-pack';
import { tempHome } from '../helpers/temp-home';

// The commands a newcomer needs (issue 16): packs init, providers, runs list, and exec's words about
// dropped files. The CLI runs in process (runCli) except where a real terminal-less stdin matters.
const SLOW = 240_000;
const BIN = fileURLToPath(new URL('../../electron/hosts/bin.mjs', import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;
let home: string;
beforeAll(async () => {
  ({ dir, cleanup } = await tempHome('switchboard-newcomer-'));
  home = join(dir, 'home');
});
afterAll(async () => cleanup());

async function cli(args: string[], packs = [filesPack]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(
    ['--home', home, ...args],
    { out: (t) => void (out += t), err: (t) => void (err += t), env: { ...process.env, SWITCHBOARD_HOME: home } },
    { packs },
  );
  return { code, out, err };
}

function child(args: string[], input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = execFile(
      process.execPath,
      [BIN, '--home', home, ...args],
      { env: { ...process.env, SWITCHBOARD_HOME: home, SWITCHBOARD_CLI_FROM_SOURCE: '1' }, timeout: 200_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
    proc.stdin?.end(input);
  });
}

describe('switchboard packs init', () => {
  it(
    'writes a skeleton whose own test passes and which installs as a pack',
    async () => {
      const target = join(dir, 'weather-report');
      const made = await cli(['packs', 'init', 'weather-report', '--dir', target]);
      expect(made.code).toBe(0);
      // The built-in packs' template: a pack file, one file per API with its test beside it, lib/ with the shared schemas.
      expect((await readdir(target)).sort()).toEqual([
        'README.md',
        'echo.js',
        'echo.test.js',
        'index.js',
        'lib',
        'pack.js',
        'pack.test.js',
        'package.json',
        'switchboard.json',
      ]);
      expect(await readdir(join(target, 'lib'))).toEqual(['schemas.js']);
      const node = (args: string[]) =>
        new Promise<{ code: number; out: string }>((resolve) =>
          execFile(process.execPath, args, { cwd: target }, (error, stdout) => resolve({ code: error ? 1 : 0, out: stdout })),
        );
      const written = await readFile(join(target, 'switchboard.json'), 'utf8');
      expect(await node(['pack.js'])).toMatchObject({ code: 0 });
      expect(await readFile(join(target, 'switchboard.json'), 'utf8')).toBe(written);
      const test = await node(['--test']);
      expect(test.out).toContain('# pass 3');
      expect(test.out).toContain('# fail 0');
      expect(test.code).toBe(0);
      const added = await cli(['packs', 'add', target]);
      expect(added.err).toBe('');
      expect(added.out).toContain('weatherReport.echo');
      const list = await cli(['apis', 'list']);
      expect(list.out).toContain('weatherReport.echo');
      // Run through the pack manager: the installed pack's own process answers the call.
      await writeFile(join(dir, 'echo-program.js'), "return await weatherReport.echo({ text: 'hello' });\n");
      const ran = await cli(['exec', join(dir, 'echo-program.js'), '--root', dir]);
      expect(ran.err, ran.out).not.toMatch(/error/i);
      expect(ran.out).toMatch(/"length":\s*5/);
    },
    SLOW,
  );

  it('refuses a bad name and a folder that is not empty, writing nothing', async () => {
    const bad = await cli(['packs', 'init', 'Bad Name', '--dir', join(dir, 'bad')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('not a pack name');
    await expect(stat(join(dir, 'bad'))).rejects.toThrow();
    const full = join(dir, 'weather-report');
    const before = await readFile(join(full, 'index.js'), 'utf8');
    const again = await cli(['packs', 'init', 'other', '--dir', full]);
    expect(again.code).toBe(2);
    expect(again.err).toContain('is not empty');
    expect(await readFile(join(full, 'index.js'), 'utf8')).toBe(before);
  });
});

describe('switchboard providers', () => {
  it(
    'stores a key read from stdin in the secret store, never in settings, and switches presets',
    async () => {
      const set = await child(['providers', 'key', 'set', 'openai'], 'sk-newcomer-0123456789\n');
      expect(set.stderr).toBe('');
      expect(set.stdout).toContain('stored the openai key');
      expect(JSON.parse(await readFile(join(home, 'secrets.json'), 'utf8'))).toEqual(expect.objectContaining({}));
      expect(await readFile(join(home, 'secrets.json'), 'utf8')).toContain('sk-newcomer-0123456789');
      const used = await cli(['providers', 'use', 'ollama']);
      expect(used.code).toBe(0);
      const listed = await cli(['providers', 'list', '--json']);
      const state = JSON.parse(listed.out) as { settings: { provider: string; openai: { preset: string } }; keys: Record<string, boolean> };
      expect(state.settings).toMatchObject({ provider: 'openai', openai: { preset: 'ollama' } });
      expect(state.keys.openai).toBe(true);
      expect(listed.out).not.toContain('sk-newcomer');
      expect(await readFile(join(home, 'settings.json'), 'utf8')).not.toContain('sk-newcomer');
    },
    SLOW,
  );

  it(
    'refuses an unknown preset and an empty key, changing nothing',
    async () => {
      const settings = await readFile(join(home, 'settings.json'), 'utf8');
      const unknown = await cli(['providers', 'use', 'frobnicator']);
      expect(unknown.code).toBe(2);
      expect(unknown.err).toContain('unknown provider frobnicator');
      const empty = await child(['providers', 'key', 'set', 'azure'], '\n');
      expect(empty.code).toBe(2);
      expect(empty.stderr).toContain('no key given');
      expect(await readFile(join(home, 'settings.json'), 'utf8')).toBe(settings);
      expect(await readFile(join(home, 'secrets.json'), 'utf8')).not.toContain('azure');
    },
    SLOW,
  );
});

describe('switchboard runs list and exec without --apply', () => {
  it(
    'says the staged files were dropped, and lists the run with its id and status',
    async () => {
      const root = join(dir, 'root');
      await cli(['packs', 'list']);
      const program = join(dir, 'p.js');
      await writeFile(program, "await files.write({ path: 'b.txt', text: 'b' });\nreturn 'ok';\n");
      const { mkdir } = await import('node:fs/promises');
      await mkdir(root, { recursive: true });
      const run = await cli(['exec', program, '--root', root]);
      expect(run.code).toBe(0);
      expect(run.err).toContain('1 staged file was dropped: nothing was written to your folders');
      await expect(stat(join(root, 'b.txt'))).rejects.toThrow();
      const runId = /run\.started (\S+)/.exec(run.out)?.[1];
      const listed = await cli(['runs', 'list', '--json']);
      const runs = JSON.parse(listed.out) as { runId: string; status: string; calls: number; applyState?: string }[];
      expect(runs[0]).toMatchObject({ runId, status: 'completed', calls: 1, applyState: 'discarded' });
      const text = await cli(['runs', 'list']);
      expect(text.out).toContain(`${runId}`);
      expect((await cli(['runs', 'list', '--limit', '0'])).code).toBe(2);
    },
    SLOW,
  );
});
