import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/helpers/temp-home';
import { appVersion } from '../package-info';
import { runCli } from './program';

let home: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => (home = await tempHome()));
afterEach(() => home.cleanup());

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => void (out += t), err: (t) => void (err += t), env: { SWITCHBOARD_HOME: home.dir } });
  return { code, out, err };
}

describe('switchboard CLI', () => {
  it('prints help listing its commands and exits 0', async () => {
    const { code, out } = await cli('--help');
    expect(code).toBe(0);
    for (const command of ['version', 'info', 'settings', 'chat', 'web']) expect(out).toContain(command);
  });

  it('prints the package version', async () => {
    expect(await cli('version')).toMatchObject({ code: 0, out: `${appVersion()}\n` });
  });

  it('reports its data paths from SWITCHBOARD_HOME, or from --home', async () => {
    const info = JSON.parse((await cli('info')).out) as { host: string; paths: { home: string } };
    expect(info).toMatchObject({ host: 'cli', paths: { home: home.dir } });
    const other = await tempHome();
    try {
      expect(JSON.parse((await cli('--home', other.dir, 'info')).out).paths.home).toBe(other.dir);
    } finally {
      await other.cleanup();
    }
    // The first command that opens the core imports it and the packs (loaded on use, not at CLI start).
  }, 120_000);

  it('sends a chat message through the contract and prints the reply', async () => {
    // No model is configured in a fresh home: the reply says how to set one up (never a fake answer).
    expect(await cli('chat', 'hello', 'world')).toMatchObject({ code: 0, out: expect.stringMatching(/^No model is set up yet/) });
    const turn = JSON.parse((await cli('chat', '--json', 'hi')).out) as { reply: { text: string } };
    expect(turn.reply.text).toMatch(/^No model is set up yet/);
  });

  it('changes settings and keeps them for the next invocation', async () => {
    expect((await cli('settings', 'set', '{"privacy":{"offline":true}}')).code).toBe(0);
    expect(JSON.parse((await cli('settings', 'get')).out)).toMatchObject({ privacy: { offline: true } });
  });

  it('fails with a clear message and non-zero code on bad input', async () => {
    expect(await cli('settings', 'set', '{oops')).toMatchObject({ code: 2, err: expect.stringContaining('not valid JSON') });
    expect(await cli('settings', 'set', '{"appearance":{"theme":"neon"}}')).toMatchObject({ code: 1, err: expect.stringContaining('INVALID_INPUT') });
    expect((await cli('no-such-command')).code).not.toBe(0);
    expect((await cli('web', '--port', 'abc')).code).toBe(2);
  });
});
