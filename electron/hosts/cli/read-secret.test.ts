import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readSecret } from './read-secret';

describe('readSecret', () => {
  it('reads the whole of a piped stdin, trimmed, without prompting', async () => {
    const shown: string[] = [];
    expect(await readSecret('key: ', Readable.from(['sk-abc', '123\n']), (t) => shown.push(t))).toBe('sk-abc123');
    expect(shown).toEqual([]);
  });

  it('on a terminal prompts, never echoes the key, honours backspace, and restores the mode', async () => {
    const tty = Object.assign(new PassThrough(), {
      isTTY: true,
      modes: [] as boolean[],
      setRawMode(raw: boolean) {
        this.modes.push(raw);
      },
    });
    const shown: string[] = [];
    const pending = readSecret('key: ', tty, (t) => shown.push(t));
    tty.write('sk-x');
    tty.write('\u007fy\r');
    expect(await pending).toBe('sk-y');
    expect(shown.join('')).toBe('key: \n');
    expect(tty.modes).toEqual([true, false]);
  });

  it('Ctrl+C cancels', async () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true, setRawMode() {} });
    const pending = readSecret('key: ', tty, () => undefined);
    tty.write('sk\u0003');
    await expect(pending).rejects.toThrow('cancelled');
  });
});
