import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notesPack } from '../../../test/fixtures/builtin/notes-pack';
import { tempHome } from '../../../test/helpers/temp-home';
import { createCore, type Core } from '../create-core';
import { createLocalClient } from '../ipc/local-client';

const hello = fileURLToPath(new URL('../../../test/fixtures/packs/hello-pack', import.meta.url));

let home: Awaited<ReturnType<typeof tempHome>>;
let core: Core;
beforeEach(async () => {
  home = await tempHome();
  core = await createCore({ host: 'test', home: home.dir, env: {}, appVersion: '0.0.0-test', packs: [notesPack], logSinks: [] });
});
afterEach(async () => {
  await core.dispose();
  await home.cleanup();
});

/** Every file under the packs folder, so an inspection can be shown to write nothing that stays. */
async function packsFiles(): Promise<string[]> {
  const entries = await readdir(join(home.dir, 'packs'), { recursive: true });
  return entries.filter((e) => !e.startsWith('registry.json')).sort();
}

async function withFolders(folders: string[]): Promise<string> {
  const dir = join(home.dir, `pack-${folders.length}-${Math.random().toString(36).slice(2)}`);
  await cp(hello, dir, { recursive: true });
  const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { switchboard: { permissions: { folders: string[] } } };
  manifest.switchboard.permissions.folders = folders;
  await writeFile(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

// Issue 18: pack permissions shown and confirmed at install.
describe('packs.inspect', () => {
  it('shows what a pack asks for without installing it, and leaves nothing behind', async () => {
    const client = createLocalClient(core);
    const before = await packsFiles();
    const seen = await client.request('packs.inspect', { spec: hello });
    expect(seen).toMatchObject({
      ok: true,
      value: { name: 'switchboard-pack-hello', module: 'hello', kind: 'js', permissions: { folders: ['~/hello-data'], hosts: [] }, warnings: [] },
    });
    expect(seen.ok && seen.value.apis).toContain('hello.greet');
    expect(core.registry.getPack('switchboard-pack-hello')).toBeUndefined();
    // Nothing is new, not even the empty temporary folder packs/.tmp.
    expect(await packsFiles()).toEqual(before);
    expect(await packsFiles()).not.toContain('.tmp');
  }, 60_000);

  it('refuses what packs.add refuses, with the same code: broad folders, a bad source, a pack already installed', async () => {
    const client = createLocalClient(core);
    for (const folders of [['~'], ['/'], [home.dir]]) {
      const dir = await withFolders(folders);
      const inspected = await client.request('packs.inspect', { spec: dir });
      const added = await client.request('packs.add', { spec: dir });
      expect(inspected).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/is refused/) } });
      expect(added).toMatchObject({ ok: false, error: { code: inspected.ok ? 'none' : inspected.error.code } });
    }
    const missing = join(home.dir, 'missing');
    expect(await client.request('packs.inspect', { spec: missing })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await client.request('packs.add', { spec: hello })).ok).toBe(true);
    expect(await client.request('packs.inspect', { spec: hello })).toMatchObject({ ok: false, error: { code: 'ALREADY_EXISTS' } });
    expect(core.registry.listPacks().map((p) => p.name)).toEqual(['notes', 'switchboard-pack-hello']);
  }, 60_000);
});
