import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiContext, callApi } from '../../test/helpers/api-harness';
import { writeExampleFiles } from '../../test/helpers/office-fixtures';
import { testStaging } from '../../test/helpers/staging';
import type { ApiContext } from '../sdk';
import { fsPack } from './pack';

let root: string;
let outside: string;
let ctx: ApiContext;
const call = (verb: string, args: unknown) => callApi(fsPack, verb, args, ctx) as Promise<Record<string, unknown>>;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'fs-pack-'));
  outside = await mkdtemp(join(tmpdir(), 'fs-outside-'));
  await writeFile(join(outside, 'secret.txt'), 'secret budget');
  await writeExampleFiles(root);
  await symlink(outside, join(root, 'escape'));
  ctx = apiContext(await testStaging([root]));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const staged = (target: string) => ctx.staging.entries().find((e) => e.target === join(root, target));

describe('fs pack', () => {
  it('lists and searches by name, glob and content, never through a link out of the root', async () => {
    const listed = await call('list', { recursive: true });
    expect((listed.entries as { path: string }[]).map((e) => e.path)).toEqual([
      'data.csv',
      'docs',
      'invoice.pdf',
      'notes.txt',
      'report.docx',
      'sales.xlsx',
      'template.docx',
      'docs/plan.md',
    ]);
    const byGlob = await call('search', { glob: '**/*.{md,txt}' });
    expect(byGlob.matches).toEqual([{ path: 'notes.txt' }, { path: 'docs/plan.md' }]);
    const byContent = await call('search', { content: 'BUDGET' });
    expect(byContent.matches).toEqual([
      { path: 'notes.txt', line: 2, text: 'Budget is due on Friday.' },
      { path: 'docs/plan.md', line: 3, text: '- budget' },
    ]);
    expect((await call('search', { name: 'sales' })).matches).toEqual([{ path: 'sales.xlsx' }]);
    await expect(call('readText', { path: 'escape/secret.txt' })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(call('list', { path: join(outside) })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
  });

  it('skips FIFOs and sockets in listings, searches and folder copies, and refuses to read them', async () => {
    execFileSync('mkfifo', [join(root, 'pipe.txt'), join(root, 'docs', 'pipe2.md')]);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(join(root, 'sock.txt'), resolve));
    try {
      const listed = await call('list', { recursive: true });
      expect((listed.entries as { path: string }[]).map((e) => e.path)).toEqual([
        'data.csv',
        'docs',
        'invoice.pdf',
        'notes.txt',
        'report.docx',
        'sales.xlsx',
        'template.docx',
        'docs/plan.md',
      ]);
      // Four at once used to fill the thread pool with reads that never end.
      const searches = await Promise.all([1, 2, 3, 4].map(() => call('search', { content: 'budget' })));
      for (const found of searches) expect((found.matches as { path: string }[]).map((m) => m.path)).toEqual(['notes.txt', 'docs/plan.md']);
      await call('copy', { from: 'docs', to: 'docs-copy' });
      expect(ctx.staging.entries().map((e) => e.target)).toEqual([join(root, 'docs-copy', 'plan.md')]);
      await expect(call('readText', { path: 'pipe.txt' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('writes, copies, moves, renames and deletes only in staging; reads see the staged state', async () => {
    await call('writeText', { path: 'out/summary.md', text: '# One\n' });
    await call('writeText', { path: 'out/summary.md', text: 'two\n', append: true });
    expect((await call('readText', { path: 'out/summary.md' })).text).toBe('# One\ntwo\n');
    await expect(call('writeText', { path: 'notes.txt', text: 'x' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS' });
    await call('copy', { from: 'docs', to: 'docs-copy' });
    await call('move', { from: 'notes.txt', to: 'docs/notes.txt' });
    await call('rename', { path: 'data.csv', newName: 'scores.csv' });
    await call('makeFolder', { path: 'archive/2024' });
    const deleted = await call('delete', { path: 'template.docx' });
    expect(deleted.deleted).toEqual(['template.docx']);
    expect((await call('stat', { path: 'notes.txt' })).exists).toBe(false);
    expect((await call('stat', { path: 'docs/notes.txt' })).exists).toBe(true);
    expect(await readFile(staged('docs-copy/plan.md')!.stagedPath!, 'utf8')).toBe('# Plan\n\n- budget\n- hiring\n');
    expect(await readFile(staged('scores.csv')!.stagedPath!, 'utf8')).toContain('Ada,91');
    expect(staged('data.csv')?.action).toBe('delete');
    expect(staged('template.docx')?.action).toBe('delete');
    expect(staged('archive/2024/.keep')?.action).toBe('write');
    const top = (await call('list', {})).entries as { path: string; staged: boolean }[];
    expect(top.map((e) => e.path).sort()).toEqual(['archive', 'docs', 'docs-copy', 'invoice.pdf', 'out', 'report.docx', 'sales.xlsx', 'scores.csv']);
    // The real folder is untouched.
    expect(await readFile(join(root, 'notes.txt'), 'utf8')).toContain('Meeting notes');
  });

  it('sees the folder as this run left it: files staged earlier are deleted, copied and zipped with the rest; staged deletions are not', async () => {
    await call('writeText', { path: 'docs/new.md', text: 'staged\n' });
    await call('writeText', { path: 'fresh/only-staged.txt', text: 'nowhere on disk\n' });
    await call('delete', { path: 'docs/plan.md' });
    const copied = await call('copy', { from: 'docs', to: 'docs-copy' });
    expect(copied.files).toBe(1);
    expect(await readFile(staged('docs-copy/new.md')!.stagedPath!, 'utf8')).toBe('staged\n');
    const zipped = await call('zip', { paths: ['docs', 'fresh'], to: 'all.zip' });
    const archive = await JSZip.loadAsync(await readFile(staged('all.zip')!.stagedPath!));
    expect([
      zipped.files,
      Object.keys(archive.files)
        .filter((n) => !n.endsWith('/'))
        .sort(),
    ]).toEqual([2, ['docs/new.md', 'fresh/only-staged.txt']]);
    // A folder that exists only in staging can be deleted: its staged files are dropped, nothing else changes.
    expect((await call('delete', { path: 'fresh' })).deleted).toEqual(['fresh/only-staged.txt']);
    expect(staged('fresh/only-staged.txt')).toBeUndefined();
    expect((await call('delete', { path: 'docs' })).deleted).toEqual(['docs/new.md']);
    expect(staged('docs/new.md')).toBeUndefined();
    expect(staged('docs/plan.md')?.action).toBe('delete');
    await expect(call('delete', { path: 'fresh' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('zips and unzips, refusing unsafe archives', async () => {
    const z = await call('zip', { paths: ['docs', 'notes.txt'], to: 'bundle.zip' });
    expect(z.files).toBe(2);
    const archive = await JSZip.loadAsync(await readFile(staged('bundle.zip')!.stagedPath!));
    expect(
      Object.keys(archive.files)
        .filter((n) => !n.endsWith('/'))
        .sort(),
    ).toEqual(['docs/plan.md', 'notes.txt']);
    const u = await call('unzip', { path: 'bundle.zip', to: 'restored' });
    expect(u.files).toEqual(['restored/docs/plan.md', 'restored/notes.txt']);
    expect(await readFile(staged('restored/notes.txt')!.stagedPath!, 'utf8')).toContain('Budget');
    const evil = new JSZip();
    evil.file('../../evil.txt', 'x');
    await writeFile(join(root, 'evil.zip'), await evil.generateAsync({ type: 'uint8array' }));
    const before = ctx.staging.entries().length;
    await expect(call('unzip', { path: 'evil.zip', to: 'x' })).rejects.toMatchObject({ code: 'INVALID_FILE', message: expect.stringContaining('unsafe') });
    const bomb = new JSZip();
    bomb.file('zeros.bin', new Uint8Array(50 * 1024 * 1024));
    await writeFile(join(root, 'bomb.zip'), await bomb.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
    await expect(call('unzip', { path: 'bomb.zip', to: 'x' })).rejects.toMatchObject({ code: 'TOO_LARGE' });
    await writeFile(join(root, 'cut.zip'), (await readFile(staged('bundle.zip')!.stagedPath!)).subarray(0, 60));
    await expect(call('unzip', { path: 'cut.zip', to: 'x' })).rejects.toMatchObject({ code: 'INVALID_FILE' });
    expect(ctx.staging.entries()).toHaveLength(before);
  });
});
