import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/hosts/cli/program';
import { startFileServer, type FileServer } from '../helpers/file-server';
import { haveSharedModels, sharedModel } from '../helpers/shared-models';
import { tempHome } from '../helpers/temp-home';

const GGUF = 'llama-2-tiny-random.gguf';
const ready = haveSharedModels([GGUF]);

let home: Awaited<ReturnType<typeof tempHome>>;
let server: FileServer;
let catalog: string;
beforeEach(async () => {
  home = await tempHome();
  server = await startFileServer(ready ? { '/tiny.gguf': { file: sharedModel(GGUF) } } : {});
  catalog = join(home.dir, 'catalog.json');
  await writeFile(
    catalog,
    JSON.stringify([
      {
        id: 'tiny',
        kind: 'chat',
        label: 'tiny random llama',
        file: 'tiny.gguf',
        url: server.url('/tiny.gguf'),
        size: 1_750_560,
        sha256: '81f226c62d28ed4a1a9b9fa080fcd9f0cc40e0f9d5680036583ff98fbcd035cb',
        license: 'MIT',
        description: 'test',
      },
    ]),
  );
});
afterEach(async () => {
  await server.close();
  await home.cleanup();
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    env: { SWITCHBOARD_HOME: join(home.dir, 'data'), SWITCHBOARD_MODELS_DIR: join(home.dir, 'models') },
  });
  return { code, out, err };
}

describe.runIf(ready)('switchboard models', () => {
  it('names --catalog and $SWITCHBOARD_MODEL_CATALOG in its help', async () => {
    const { out } = await cli('models', '--help');
    expect(out).toContain('--catalog <file>');
    expect(out).toContain('SWITCHBOARD_MODEL_CATALOG');
    for (const command of ['list', 'pull', 'rm', 'verify']) expect(out).toContain(command);
  });

  it('lists, pulls with progress, verifies and removes through --catalog', async () => {
    expect(await cli('models', '--catalog', catalog, 'list')).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^tiny {2}chat {2}1\.7 MB {2}not installed {2}sha256/),
    });
    const pull = await cli('models', '--catalog', catalog, 'pull', 'tiny');
    expect(pull).toMatchObject({ code: 0, out: 'installed tiny (sha256 verified)\n' });
    expect(pull.err).toMatch(/tiny: 1\.7 MB of 1\.7 MB \(100%\)/);
    expect(pull.err).toMatch(/verifying/);
    expect((await cli('models', '--catalog', catalog, 'list')).out).toMatch(/installed/);
    expect(await cli('models', '--catalog', catalog, 'verify')).toMatchObject({ code: 0, out: 'tiny  ok  sha256 matches the published checksum\n' });
    await writeFile(join(home.dir, 'models', 'tiny.gguf'), 'tampered');
    expect(await cli('models', '--catalog', catalog, 'verify')).toMatchObject({ code: 1, err: expect.stringMatching(/checksum mismatch: tiny/) });
    expect(await cli('models', '--catalog', catalog, 'rm', 'tiny')).toMatchObject({ code: 0, out: 'removed tiny\n' });
    expect(await cli('models', '--catalog', catalog, 'rm', 'tiny')).toMatchObject({ code: 1, err: expect.stringMatching(/NOT_FOUND: tiny is not installed/) });
  });

  it('lists the built-in catalogue, marking models without a published checksum', async () => {
    const { code, out } = await cli('models', 'list');
    expect(code).toBe(0);
    expect(out).toMatch(/qwen2\.5-0\.5b-instruct-q4 {2}chat .* no published checksum/);
    expect(out).toMatch(/whisper-base\.en {2}speech .* sha1/);
    expect(out).toMatch(/all-minilm-l6-v2 {2}embedding/);
  });
});
