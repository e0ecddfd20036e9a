import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Each case starts one or two CLI processes (tsx, a core, a cold verifier): generous timeouts for loaded CI machines.
const SLOW = 240_000;
import { hashTree } from '../helpers/executor';
import { tempHome } from '../helpers/temp-home';

// `switchboard exec` as a real child process: the CLI with the executor's fixture packs built in.
const CLI = fileURLToPath(new URL('../fixtures/executor/cli.ts', import.meta.url));
const REAL_CLI = fileURLToPath(new URL('../../electron/hosts/cli.ts', import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;
let root: string;
let home: string;
beforeAll(async () => {
  ({ dir, cleanup } = await tempHome('switchboard-exec-cli-'));
  root = join(dir, 'root');
  home = join(dir, 'home');
  await mkdir(root);
  await writeFile(join(root, 'a.txt'), 'old a');
});
afterAll(async () => cleanup());

function cli(args: string[], script = CLI): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script, '--home', home, ...args],
      { env: { ...process.env, SWITCHBOARD_HOME: home }, timeout: 200_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

async function program(name: string, code: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, code);
  return file;
}

describe('switchboard exec', () => {
  it(
    'runs a program, prints its events, and without --apply changes nothing outside staging',
    async () => {
      const file = await program(
        'p1.js',
        `const { text } = await files.read({ path: 'a.txt' });\nlog('read', text);\nawait files.write({ path: 'a.txt', text: text + ' + new' });\nawait files.write({ path: 'b.txt', text: 'b' });\nreturn { length: text.length };`,
      );
      const before = await hashTree(root);
      const { code, stdout } = await cli(['exec', file, '--root', root]);
      expect(code).toBe(0);
      const lines = stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^run\.started run-/);
      expect(lines).toContain('log read old a');
      expect(stdout).toContain(`artifact.staged write other ${join(root, 'b.txt')}`);
      expect(lines.at(-1)).toMatch(/^run\.finished completed value=\{"length":5\}/);
      expect(await hashTree(root)).toEqual(before);
    },
    SLOW,
  );

  it(
    'applies with --apply, and undo restores the old bytes',
    async () => {
      const file = await program('p2.js', `await files.write({ path: 'a.txt', text: 'new a' });\nreturn 'done';`);
      const { code, stdout } = await cli(['exec', file, '--root', root, '--apply']);
      expect(code).toBe(0);
      expect(await readFile(join(root, 'a.txt'), 'utf8')).toBe('new a');
      const runId = /run\.applied (\S+)/.exec(stdout)?.[1];
      expect(runId).toBeTruthy();
      const undo = await cli(['undo', runId!]);
      expect(undo.code).toBe(0);
      expect(await readFile(join(root, 'a.txt'), 'utf8')).toBe('old a');
    },
    SLOW,
  );

  it(
    'exits 2 with positioned diagnostics when the verifier refuses the program',
    async () => {
      const file = await program('p3.js', `const x = 1;\nawait files.writ({ path: 'a.txt', text: 'x' });`);
      const { code, stdout, stderr } = await cli(['exec', file, '--root', root]);
      expect(code).toBe(2);
      expect(stdout).toContain('line 2, column 13 (type): files.writ is not an API you may call.');
      expect(stderr).toContain('refused');
    },
    SLOW,
  );

  it(
    'denies approvals when stdin is not a terminal (exit 4), and --yes approves them',
    async () => {
      const file = await program('p4.js', `await files.remove({ path: 'a.txt' });\nreturn 'removed';`);
      const before = await hashTree(root);
      const denied = await cli(['exec', file, '--root', root, '--apply']);
      expect(denied.code).toBe(4);
      expect(denied.stdout).toMatch(/approval\.requested a1 files\.remove \[destructive\]/);
      expect(denied.stdout).toContain('approval.denied');
      expect(await hashTree(root)).toEqual(before);
      const approved = await cli(['exec', file, '--root', root, '--yes']);
      expect(approved.code).toBe(0);
      expect(approved.stdout).toContain('approval.granted');
      expect(await hashTree(root)).toEqual(before);
    },
    SLOW,
  );

  it(
    'exits 3 when a limit stops the program and 1 when it fails',
    async () => {
      const loop = await cli(['exec', await program('p5.js', 'while (true) {}'), '--root', root, '--wall-ms', '500']);
      expect(loop.code).toBe(3);
      expect(loop.stdout).toContain('LIMIT_EXCEEDED');
      const failed = await cli(['exec', await program('p6.js', "await files.read({ path: 'missing.txt' });"), '--root', root]);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toContain('NOT_FOUND');
    },
    SLOW,
  );

  it(
    'works from the real switchboard entry point and says how approvals work in --help',
    async () => {
      const help = await cli(['exec', '--help'], REAL_CLI);
      expect(help.stdout).toContain('--yes approves every one; without --yes');
      expect(help.stdout).toContain('denied otherwise');
      const run = await cli(['exec', await program('p7.js', "log('hi');\nreturn [1, 2].map((n) => n * 2);")], REAL_CLI);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('run.finished completed value=[2,4]');
    },
    SLOW,
  );
});
