import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../package-info';

let dir: string;

/** The built CLI in a child process, `stdin` piped in (a pipe, not a terminal: the secret is read from it). */
function cli(stdin: string, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'electron', 'hosts', 'bin.mjs'), '--home', join(dir, 'home'), ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(stdin);
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchboard-pack-secret-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('switchboard packs secret', () => {
  it('stores a pack secret read from stdin (never an argument) in the secret store, and clears it; bad input stores nothing', async () => {
    const set = await cli('hunter2-imap\n', 'packs', 'secret', 'set', 'email', 'imap.password');
    expect([set.code, set.out]).toEqual([0, 'stored imap.password for email\n']);
    const secrets = () => readFile(join(dir, 'home', 'secrets.json'), 'utf8');
    expect(await secrets()).toContain('pack.email.imap.password');
    expect(await secrets()).toContain('hunter2-imap');

    const badName = await cli('x\n', 'packs', 'secret', 'set', 'email', 'IMAP password');
    expect(badName.code).toBe(2);
    expect(badName.err).toContain('is not a secret name');
    const empty = await cli('\n', 'packs', 'secret', 'set', 'email', 'smtp.password');
    expect([empty.code, empty.err]).toEqual([2, expect.stringContaining('no value given: nothing stored')]);
    const unknown = await cli('x\n', 'packs', 'secret', 'set', 'nosuchpack', 'imap.password');
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain('pack nosuchpack is not installed');
    expect(await secrets()).not.toContain('smtp.password');

    const cleared = await cli('', 'packs', 'secret', 'clear', 'email', 'imap.password');
    expect(cleared.code).toBe(0);
    expect(await secrets()).not.toContain('hunter2-imap');
  }, 120_000);
});
