import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinPacks } from '../../apis/index';
import type { Core } from '../../electron/core/create-core';
import type { RunEvent } from '../../electron/core/executor';
import { INVITE } from '../helpers/calendar-fixtures';
import { executorCore, hashTree } from '../helpers/executor';
import { png, writeExampleFiles } from '../helpers/office-fixtures';
import { writeDeck } from '../helpers/scenario-files';
import { PATH_CASES, TRICKS, type PathCase, type Trick } from '../helpers/hostile-paths-table';

// Every built-in API that takes a path is called by a real program with a path that leads out of the
// granted folder: through a link, `..`, an absolute path, or into Switchboard's data folder. The outside
// holds a real file of each kind under the name asked for, so an API that skipped the check would succeed.
// Each must fail with PERMISSION_DENIED and a sentence, and no file outside staging may change.

let core: Core;
let root: string;
let dir: string;
let home: string;
let close: () => Promise<void>;
let before: Record<string, string>;

const EXTS = ['xlsx', 'docx', 'pptx', 'pdf', 'png', 'ics', 'eml', 'csv', 'txt', 'zip', 'md'] as const;
const EML =
  'From: ada@example.com\r\nTo: bob@example.com\r\nSubject: Secret\r\nDate: Tue, 1 Dec 2026 10:00:00 +0000\r\nContent-Type: text/plain\r\n\r\nThe secret body.\r\n';

/** One real file of each kind, named `<name>.<ext>`, in `folder`. */
async function plant(folder: string, name: string, samples: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  for (const ext of EXTS) await copyFile(join(samples, `sample.${ext}`), join(folder, `${name}.${ext}`));
  await mkdir(join(folder, `${name}-folder`), { recursive: true });
  await copyFile(join(samples, 'sample.ics'), join(folder, `${name}-folder`, 'bob.ics'));
  await copyFile(join(samples, 'sample.eml'), join(folder, `${name}-folder`, 'mail.eml'));
}

async function samples(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  await writeExampleFiles(folder);
  await copyFile(join(folder, 'sales.xlsx'), join(folder, 'sample.xlsx'));
  await copyFile(join(folder, 'report.docx'), join(folder, 'sample.docx'));
  await copyFile(join(folder, 'invoice.pdf'), join(folder, 'sample.pdf'));
  await copyFile(join(folder, 'data.csv'), join(folder, 'sample.csv'));
  await copyFile(join(folder, 'notes.txt'), join(folder, 'sample.txt'));
  await copyFile(join(folder, 'docs', 'plan.md'), join(folder, 'sample.md'));
  await writeDeck(join(folder, 'sample.pptx'), 'Secret deck', [
    { title: 'One', bullets: ['a'] },
    { title: 'Two', bullets: ['b'] },
  ]);
  await writeFile(join(folder, 'sample.png'), png(40, 30));
  await writeFile(join(folder, 'sample.ics'), INVITE);
  await writeFile(join(folder, 'sample.eml'), EML);
  const zip = new JSZip();
  zip.file('inside.txt', 'zipped secret');
  await writeFile(join(folder, 'sample.zip'), await zip.generateAsync({ type: 'nodebuffer' }));
}

beforeAll(async () => {
  ({ core, root, dir, close } = await executorCore(builtinPacks));
  home = join(dir, 'home');
  const kit = join(dir, 'samples');
  await samples(kit);
  // The granted root holds a good file of each kind (the other argument of a two-path API) ...
  await plant(root, 'good', kit);
  await mkdir(join(root, 'calendar'));
  await copyFile(join(kit, 'sample.ics'), join(root, 'calendar', 'bob.ics'));
  await mkdir(join(root, 'emails', 'Bob'), { recursive: true });
  await copyFile(join(kit, 'sample.eml'), join(root, 'emails', 'Bob', 'hello.eml'));
  // ... the outside and the data folder hold the secrets, and a link in the root leads out.
  await plant(join(dir, 'outside'), 'secret', kit);
  await plant(join(home, 'planted'), 'secret', kit);
  await symlink(join(dir, 'outside'), join(root, 'link-out'));
  before = await snapshot();
});
afterAll(async () => close());

/** Everything a program must not change: the root, the outside and the data folder's own files. */
async function snapshot(): Promise<Record<string, string>> {
  const tree = (prefix: string, t: Record<string, string>) => Object.fromEntries(Object.entries(t).map(([k, v]) => [prefix + k, v]));
  const files = ['approvals.json', 'settings.json', 'secrets.json'].filter((f) => existsSync(join(home, f)));
  const data = Object.fromEntries(await Promise.all(files.map(async (f) => [`home/${f}`, await readFile(join(home, f), 'utf8')] as const)));
  return {
    ...tree('root/', await hashTree(root)),
    ...tree('outside/', await hashTree(join(dir, 'outside'))),
    ...tree('planted/', await hashTree(join(home, 'planted'))),
    ...data,
  };
}

/** The hostile path for one case: where `trick` leads, named for the argument's kind. */
function hostilePath(c: PathCase, trick: Trick): string {
  const name = c.role === 'read' ? 'secret' : 'evil';
  const leaf = c.ext === 'folder' ? `${name}-folder` : `${name}.${c.ext}`;
  switch (trick) {
    case 'link':
      return `link-out/${leaf}`;
    case 'dotdot':
      return `../outside/${leaf}`;
    case 'absolute':
      return join(dir, 'outside', leaf);
    case 'data':
      return join(home, 'planted', leaf);
  }
}

const rows = PATH_CASES.flatMap((c) => c.tricks.map((trick) => [`${c.api} ${c.field} (${c.role}) via ${TRICKS[trick]}`, c, trick] as const));

describe('path tricks through every built-in API that takes a path', () => {
  it('covers every built-in API (each takes a path somewhere)', () => {
    const named = new Set(PATH_CASES.map((c) => c.api));
    expect(builtinPacks.flatMap((p) => p.apis.map((a) => `${p.name}.${a.name}`)).filter((name) => !named.has(name))).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(150);
  });

  it.each(rows)('%s is refused and changes nothing', async (_title, c, trick) => {
    const path = hostilePath(c, trick);
    const program = `await ${c.api}(${c.args(JSON.stringify(path))});`;
    const onEvent = (event: RunEvent) => {
      if (event.type === 'run.approval.requested') core.executor.approve(event.runId, event.requestId, 'once');
    };
    // The data-folder trick needs a grant that holds the data folder: the guard must still keep it out.
    const roots = trick === 'data' ? [root, dir] : [root];
    const result = await core.executor.run(program, { roots, onEvent, limits: { wallMs: 20_000 } });
    expect(result.status, `${program}\n${result.error?.code} ${result.error?.message}`).toBe('failed');
    expect(result.error?.message, program).toMatch(trick === 'data' ? /Switchboard's data folder/ : /outside the granted folders/);
    expect(result.error?.code, program).toBe('PERMISSION_DENIED');
    expect(result.error?.message, program).toContain(path.split('/').at(-1));
    await core.executor.discard(result.runId).catch(() => undefined);
    expect(await snapshot()).toEqual(before);
    for (const ext of EXTS) expect(existsSync(join(dir, 'outside', `evil.${ext}`))).toBe(false);
  });
});
