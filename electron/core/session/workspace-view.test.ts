import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateTokens } from '../platform/declarations';
import { looseMatches, renderWorkspace, scanWorkspace } from './workspace-view';

let root: string;
let other: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'switchboard-workspace-'));
  other = await mkdtemp(join(tmpdir(), 'switchboard-workspace-other-'));
  await mkdir(join(root, 'data'));
  await mkdir(join(root, 'emails'));
  await mkdir(join(root, 'archive', '2019', 'q1', 'deep'), { recursive: true });
  await mkdir(join(root, '.hidden'));
  await writeFile(join(root, 'data', 'score.xlsx'), 'x'.repeat(2048));
  await writeFile(join(root, 'data', 'budget.xlsx'), 'x');
  await writeFile(join(root, 'agreement.pdf'), 'x');
  await writeFile(join(root, '.hidden', 'secret.txt'), 'x');
  for (let i = 0; i < 2; i++) await writeFile(join(root, 'emails', `message-${i}.eml`), 'x');
  for (let i = 0; i < 300; i++) await writeFile(join(root, 'archive', '2019', 'q1', 'deep', `scan-${i}.pdf`), 'x');
  await writeFile(join(other, 'notes.txt'), 'x');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(other, { recursive: true, force: true });
});

describe('the workspace view', () => {
  it('lists relative paths with kinds and sizes, skips hidden entries, and names other roots absolutely', async () => {
    const scan = await scanWorkspace([root, other]);
    const view = renderWorkspace(scan, 400, estimateTokens);
    expect(view).toContain(`Granted folders: ${root} (paths below are relative to it); ${other}.`);
    expect(view).toContain('data/score.xlsx (xlsx, 2 KB)');
    expect(view).toContain('agreement.pdf (pdf, 1 B)');
    expect(view).toContain(`${join(other, 'notes.txt')} (txt, 1 B)`);
    expect(view).not.toContain('secret');
  });

  it('summarises long folders and deep levels to stay within about 400 tokens', async () => {
    const scan = await scanWorkspace([root]);
    expect(scan.files.length).toBeGreaterThan(300);
    const view = renderWorkspace(scan, 400, estimateTokens);
    expect(estimateTokens(view)).toBeLessThanOrEqual(400);
    expect(view).toMatch(/300 pdf/);
    expect(view).toContain('data/score.xlsx');
    expect(view).not.toContain('scan-299.pdf');
  });

  it('says when nothing is granted', async () => {
    expect(renderWorkspace(await scanWorkspace([]), 400, estimateTokens)).toMatch(/No folder is granted/);
  });

  it('finds the files a request names loosely', async () => {
    const scan = await scanWorkspace([root]);
    expect(looseMatches('Add a row to the score excel file', scan).map((f) => f.path)).toEqual(['data/score.xlsx']);
    expect(
      looseMatches('summarise my emails', scan)
        .map((f) => f.path)
        .sort(),
    ).toEqual(['emails/message-0.eml', 'emails/message-1.eml']);
    expect(looseMatches('what does the agreement pdf say about payment?', scan)[0]!.path).toBe('agreement.pdf');
    // 300 PDFs: a kind word alone names none of them.
    expect(looseMatches('open a pdf', scan)).toEqual([]);
    expect(looseMatches('write a poem', scan)).toEqual([]);
  });
});
