import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findElectronBinary, NO_ELECTRON_MESSAGE } from './start';

const run = promisify(execFile);

describe('npm start', () => {
  it('finds no binary when the electron package throws or points nowhere', () => {
    expect(
      findElectronBinary(() => {
        throw new Error('Electron failed to install correctly');
      }),
    ).toBeUndefined();
    expect(findElectronBinary(() => '/nonexistent/electron')).toBeUndefined();
    expect(findElectronBinary(() => process.execPath)).toBe(process.execPath);
  });

  it('names npm run web in one sentence when Electron is missing', () => {
    expect(NO_ELECTRON_MESSAGE).toContain('npm run web');
    expect(NO_ELECTRON_MESSAGE.split(/[.;]\s/).length).toBeLessThanOrEqual(2);
  });

  it('exits non-zero with that sentence on a machine without the Electron binary', async (ctx) => {
    if (findElectronBinary()) ctx.skip(); // a developer machine with Electron launches the app instead
    const script = fileURLToPath(new URL('./start.ts', import.meta.url));
    const error = await run(process.execPath, ['--import', 'tsx', script]).catch((e: { code: number; stderr: string }) => e);
    expect(error).toMatchObject({ code: 1 });
    expect((error as { stderr: string }).stderr.trim()).toBe(NO_ELECTRON_MESSAGE);
  });
});
