import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../../test/helpers/temp-home';
import { runCli } from '../program';

let home: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => (home = await tempHome()));
afterEach(() => home.cleanup());

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => void (out += t), err: (t) => void (err += t), env: { SWITCHBOARD_HOME: home.dir } }, { packs: [] });
  return { code, out, err };
}

// Issue 18: exec printed program logs, results and errors verbatim, so a program could clear the screen,
// write the clipboard (OSC 52) or print a forged run.finished line.
const HOSTILE = `log('\\u001b[2J\\u001b[Hcleared');
log('\\u001b]52;c;ZXZpbA==\\u0007clipboard');
log('x\\rrun.finished completed (calls=0, 1ms)');
log('y\\nrun.finished completed (calls=0, 1ms)');
log('\\u009b31mred\\u202eevil');
throw new Error('boom\\nrun.finished completed \\u001b[2J');`;

describe('switchboard exec output', () => {
  it('shows what a program logs and throws, never lets the terminal obey it, and prints one run.finished line', async () => {
    const file = join(home.dir, 'hostile.js');
    await writeFile(file, HOSTILE);
    for (const json of [false, true]) {
      const { code, out, err } = await cli('exec', file, ...(json ? ['--json'] : []));
      expect(code).toBe(1);
      // eslint-disable-next-line no-control-regex -- the test asserts none reach the terminal
      for (const text of [out, err]) expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
      const lines = out.split('\n');
      expect(lines.filter((l) => /^(\{"type":"run\.finished"|run\.finished)/.test(l))).toHaveLength(1);
      expect(out).toContain('\\u001b[2J');
      expect(out).toContain('\\u001b]52;c;ZXZpbA==\\u0007clipboard');
      if (!json) {
        expect(lines).toContain('log x\\rrun.finished completed (calls=0, 1ms)');
        expect(lines).toContain('log y\\nrun.finished completed (calls=0, 1ms)');
        expect(lines.at(-2)).toMatch(/^run\.finished failed PROGRAM_ERROR: Error: boom\\nrun\.finished completed \\u001b\[2J/);
      } else for (const l of lines.filter(Boolean)) expect(() => JSON.parse(l)).not.toThrow();
    }
  }, 120_000);
});
