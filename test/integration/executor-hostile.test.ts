import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/create-core';
import type { RunEvent } from '../../electron/core/executor';
import { executorCore, hashTree } from '../helpers/executor';

// Every program in test/fixtures/hostile states on its first line how it must end:
// `// expect: refused|failed|limit|denied -- what it tries`. Each run must end that way with a clear
// error, and no file may change in the granted root or next to it (hashed before and after).
const HOSTILE = fileURLToPath(new URL('../fixtures/hostile/', import.meta.url));
const files = (await readdir(HOSTILE)).filter((f) => f.endsWith('.js')).sort();

let core: Core;
let root: string;
let dir: string;
let close: () => Promise<void>;
let attachment: string;
let before: Record<string, string>;
const EVIL_ABSOLUTE = '/tmp/switchboard-hostile-evil.txt';

beforeAll(async () => {
  ({ core, root, dir, close } = await executorCore());
  const outside = join(dir, 'outside');
  await mkdir(outside);
  await writeFile(join(outside, 'secret.txt'), 'the secret');
  await writeFile(join(root, 'inside.txt'), 'inside');
  await mkdir(join(root, 'a', 'b'), { recursive: true });
  await symlink(outside, join(root, 'link-out'));
  await symlink(join(outside, 'secret.txt'), join(root, 'secret-link.txt'));
  attachment = join(dir, 'attached.txt');
  await writeFile(attachment, 'attached');
  before = await everything();
});
afterAll(async () => close());

/** The root, the folder beside it and the attachment, hashed (the data folder is excluded: staging lives there). */
async function everything(): Promise<Record<string, string>> {
  return {
    ...(await hashTree(join(dir, 'root'))),
    ...prefixed('outside/', await hashTree(join(dir, 'outside'))),
    attachment: await readFile(attachment, 'utf8'),
  };
}
function prefixed(prefix: string, tree: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tree).map(([k, v]) => [`${prefix}${k}`, v]));
}

describe('hostile programs', () => {
  it('has a corpus of at least 50 programs', () => {
    expect(files.length).toBeGreaterThanOrEqual(50);
  });

  it.each(files)('%s is stopped or refused and changes nothing', async (file) => {
    const program = await readFile(join(HOSTILE, file), 'utf8');
    const expected = /^\/\/ expect: (\w+)/.exec(program)?.[1];
    expect(expected, 'the first line states the expectation').toBeTruthy();
    const deny = file.startsWith('denied-');
    const onEvent = (event: RunEvent) => {
      if (event.type === 'run.approval.requested') core.executor.approve(event.runId, event.requestId, deny ? 'deny' : 'once');
    };
    const result = await core.executor.run(program, {
      roots: [root],
      attachments: [attachment],
      onEvent,
      limits: { wallMs: 1500, memoryBytes: 32 * 1024 * 1024, maxCalls: 200, maxLogBytes: 64 * 1024, maxResultBytes: 1024 * 1024 },
    });
    expect(result.status, `${file}: ${result.error?.code} ${result.error?.message}`).toBe(expected);
    expect(result.error?.message.length ?? 0).toBeGreaterThan(10);
    if (expected === 'refused') expect(result.diagnostics?.length).toBeGreaterThan(0);
    await core.executor.discard(result.runId).catch(() => undefined);
    expect(await everything()).toEqual(before);
    expect(existsSync(EVIL_ABSOLUTE)).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
