import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findWhisperBinary } from '../../electron/core/speech';
import { runCli } from '../../electron/hosts/cli/program';
import { isCI } from '../helpers/chromium';
import { haveSharedModels, sharedModel } from '../helpers/shared-models';
import { tempHome } from '../helpers/temp-home';

const STUB = 'for-tests-ggml-tiny.en.bin';
const ready = haveSharedModels([STUB, 'jfk.wav']);
const binary = await findWhisperBinary(process.env);
if (!binary.ok && isCI) throw new Error(`speech CLI tests: ${binary.error.message}`);

let home: Awaited<ReturnType<typeof tempHome>>;
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  home = await tempHome();
  const catalog = join(home.dir, 'catalog.json');
  await writeFile(
    catalog,
    JSON.stringify([
      { id: 'whisper-stub', kind: 'speech', label: 'stub', file: STUB, url: 'http://127.0.0.1:9/none', size: 586_836, license: 'MIT', description: 'test' },
    ]),
  );
  env = { SWITCHBOARD_HOME: join(home.dir, 'data'), SWITCHBOARD_MODELS_DIR: join(home.dir, 'models'), SWITCHBOARD_MODEL_CATALOG: catalog };
});
afterEach(async () => home.cleanup());

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => void (out += t), err: (t) => void (err += t), env });
  return { code, out, err };
}

describe.runIf(ready)('switchboard transcribe', () => {
  it('without a speech model says which one to download and exits 1', async () => {
    const status = await cli('transcribe', '--status', '--json');
    expect(JSON.parse(status.out)).toMatchObject({ provider: null, modelId: 'whisper-stub' });
    const run = await cli('transcribe', sharedModel('jfk.wav'));
    expect(run.code).toBe(1);
    expect(run.err).toContain('no speech model: download whisper-stub');
  });

  it.runIf(binary.ok)('with the model in the models folder runs whisper.cpp on the file', async () => {
    await mkdir(join(home.dir, 'models'), { recursive: true });
    await copyFile(sharedModel(STUB), join(home.dir, 'models', STUB));
    expect(JSON.parse((await cli('transcribe', '--status', '--json')).out)).toMatchObject({ provider: 'whisper.cpp' });
    const run = await cli('transcribe', sharedModel('jfk.wav'), '--json', '--language', 'en');
    expect(run.code, run.err).toBe(0);
    expect(JSON.parse(run.out)).toEqual({ text: '', provider: 'whisper.cpp', durationMs: 11_000 });
  });
});
