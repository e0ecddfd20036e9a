import { execFile } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pdfPack } from '../../apis/pdf/pack';
import { createCore } from '../../electron/core/create-core';
import { createLocalClient } from '../../electron/core/ipc/local-client';
import { memorySink } from '../../electron/core/log/logger';
import type { EventPayload } from '../../electron/shared/contract';
import { tempHome } from '../helpers/temp-home';

// A tool a pack needs is missing (LibreOffice here: SWITCHBOARD_SOFFICE='' means "not installed"). The pack's
// UNAVAILABLE travels as that code, with the install hint as its message, into the program, the run's
// events, its record on disk and the CLI's output; nothing is staged.
const SLOW = 240_000;
const CLI = fileURLToPath(new URL('../../electron/hosts/cli.ts', import.meta.url));
const HINT = /LibreOffice is needed .*libreoffice-writer libreoffice-calc libreoffice-impress/;

let dir: string;
let cleanup: () => Promise<void>;
let root: string;
const saved = process.env.SWITCHBOARD_SOFFICE;
beforeAll(async () => {
  ({ dir, cleanup } = await tempHome('switchboard-unavailable-'));
  root = join(dir, 'root');
  await mkdir(root);
  await writeFile(join(root, 'memo.txt'), 'a plain text memo');
  process.env.SWITCHBOARD_SOFFICE = '';
});
afterAll(async () => {
  if (saved === undefined) delete process.env.SWITCHBOARD_SOFFICE;
  else process.env.SWITCHBOARD_SOFFICE = saved;
  await cleanup();
});

it(
  'a missing tool ends the run with UNAVAILABLE and the install hint, in its events and its record after a restart',
  async () => {
    const home = join(dir, 'home');
    const open = () => createCore({ host: 'test', home, env: {}, appVersion: '0.0.0-test', packs: [pdfPack], logSinks: [memorySink()] });
    let core = await open();
    await core.settings.set({ workspace: { folders: [root] } }); // run.start takes only granted folders
    let client = createLocalClient(core);
    const errors: EventPayload<'run.api.error'>[] = [];
    client.on('run.api.error', (e) => errors.push(e));
    const done = new Promise<EventPayload<'run.finished'>>((resolve) => client.on('run.finished', resolve));
    const started = await client.request('run.start', { program: "await pdf.fromDocument({ path: 'memo.txt' });\nreturn 'converted';", roots: [root] });
    expect(started).toMatchObject({ ok: true });
    const finished = await done;
    expect(finished).toMatchObject({ status: 'failed', error: { code: 'UNAVAILABLE', message: expect.stringMatching(HINT) }, artifacts: [] });
    expect(errors).toMatchObject([{ api: 'pdf.fromDocument', error: { code: 'UNAVAILABLE', message: expect.stringMatching(/^LibreOffice is needed /) } }]);
    await client.close();
    await core.dispose();

    core = await open();
    client = createLocalClient(core);
    const record = await client.request('run.get', { runId: finished.runId });
    expect(record).toMatchObject({
      ok: true,
      value: {
        status: 'failed',
        error: { code: 'UNAVAILABLE', message: expect.stringMatching(HINT) },
        calls: [{ api: 'pdf.fromDocument', error: { code: 'UNAVAILABLE' } }],
        artifacts: [],
      },
    });
    await client.close();
    await core.dispose();
    expect(await readdir(root)).toEqual(['memo.txt']);
  },
  SLOW,
);

function cli(args: string[]): Promise<{ code: number; stdout: string }> {
  const home = join(dir, 'cli-home');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CLI, '--home', home, ...args],
      { env: { ...process.env, SWITCHBOARD_HOME: home, SWITCHBOARD_SOFFICE: '' }, timeout: 200_000 },
      (error, stdout) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout });
      },
    );
  });
}

it(
  'switchboard exec prints UNAVAILABLE with the hint, and a program can branch on the code',
  async () => {
    const uncaught = join(dir, 'uncaught.js');
    await writeFile(uncaught, "await pdf.fromDocument({ path: 'memo.txt' });");
    const failed = await cli(['exec', uncaught, '--root', root, '--api', 'pdf.fromDocument']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^api\.error #\d+ pdf\.fromDocument [\d.]+ms UNAVAILABLE: LibreOffice is needed /m);
    expect(failed.stdout).toMatch(/^run\.finished failed UNAVAILABLE: pdf\.fromDocument: LibreOffice is needed .*libreoffice-writer/m);

    const caught = join(dir, 'caught.js');
    await writeFile(
      caught,
      "try {\n  await pdf.fromDocument({ path: 'memo.txt' });\n  return 'converted';\n} catch (e) {\n  if (e instanceof ApiCallError && e.code === 'UNAVAILABLE') return 'no LibreOffice here';\n  throw e;\n}",
    );
    const handled = await cli(['exec', caught, '--root', root, '--api', 'pdf.fromDocument']);
    expect(handled.code).toBe(0);
    expect(handled.stdout).toContain('run.finished completed value="no LibreOffice here"');
    expect(await readdir(root)).toEqual(['memo.txt']);
  },
  SLOW,
);
