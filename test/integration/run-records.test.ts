import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/create-core';
import { createLocalClient } from '../../electron/core/ipc/local-client';
import { memorySink } from '../../electron/core/log/logger';
import { filesPack } from '../fixtures/builtin/files-pack';
import { notesPack } from '../fixtures/builtin/notes-pack';
import { tempHome } from '../helpers/temp-home';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempHome('switchboard-records-'));
});
afterAll(async () => cleanup());

const open = () =>
  createCore({ host: 'test', home: join(dir, 'home'), env: {}, appVersion: '0.0.0-test', packs: [filesPack, notesPack], logSinks: [memorySink()] });

async function finished(core: Core, program: string, roots: string[]): Promise<string> {
  const client = createLocalClient(core);
  // run.start takes only granted folders (issue 18).
  for (const root of roots) if (!core.settings.get().workspace.folders.includes(root)) await client.request('workspace.folders.add', { path: root });
  const done = new Promise<string>((resolve) => client.on('run.finished', (e) => resolve(e.runId)));
  const started = await client.request('run.start', { program, roots });
  if (!started.ok) throw new Error(started.error.message);
  const runId = await done;
  await client.close();
  return runId;
}

it("a run's record (calls, staged files, Apply state) is read back through run.get after the core restarts", async () => {
  const root = join(dir, 'root');
  await mkdir(root, { recursive: true });
  await writeFile(join(root, 'in.txt'), 'hello');
  let core = await open();
  const applied = await finished(
    core,
    `const { text } = await files.read({ path: 'in.txt' });\nawait files.write({ path: 'out.txt', text: text + '!' });\nreturn text.length;`,
    [root],
  );
  const kept = await finished(core, `await files.write({ path: 'later.txt', text: 'later' });`, [root]);
  const client = createLocalClient(core);
  expect(await client.request('run.apply', { runId: applied })).toMatchObject({ ok: true });
  await client.close();
  await core.dispose();

  core = await open();
  const again = createLocalClient(core);
  const record = await again.request('run.get', { runId: applied });
  expect(record).toMatchObject({
    ok: true,
    value: {
      runId: applied,
      status: 'completed',
      value: 5,
      calls: [{ api: 'files.read' }, { api: 'files.write', value: expect.anything() }],
      artifacts: [{ target: join(root, 'out.txt'), action: 'write' }],
      artifactApis: { [join(root, 'out.txt')]: ['files.write'] },
      applyState: 'applied',
      files: [{ target: join(root, 'out.txt'), action: 'write' }],
    },
  });
  // A run not yet applied comes back without an Apply state, and its staged file can still be applied.
  const pending = await again.request('run.get', { runId: kept });
  expect(pending).toMatchObject({ ok: true, value: { status: 'completed', artifacts: [{ target: join(root, 'later.txt') }] } });
  expect(pending).not.toHaveProperty('value.applyState');
  expect(await again.request('run.apply', { runId: kept })).toMatchObject({ ok: true });
  expect(await again.request('run.get', { runId: kept })).toMatchObject({ ok: true, value: { applyState: 'applied' } });

  // Unknown runs, malformed ids and unreadable records answer typed errors; the unreadable file stays for inspection.
  expect(await again.request('run.get', { runId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  expect(await again.request('run.get', { runId: '../settings' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  await writeFile(join(dir, 'home', 'runs', 'broken.json'), '{"runId": 3');
  expect(await again.request('run.get', { runId: 'broken' })).toMatchObject({
    ok: false,
    error: { code: 'NOT_FOUND', message: expect.stringContaining('cannot be read') },
  });
  expect(await readdir(join(dir, 'home', 'runs'))).toContain('broken.json');
  await again.close();
  await core.dispose();
});
