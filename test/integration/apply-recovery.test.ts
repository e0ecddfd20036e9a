import { readdir, readFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/create-core';
import { ApplyJournal } from '../../electron/core/executor/apply-journal';
import { memorySink } from '../../electron/core/log/logger';
import { filesPack } from '../fixtures/builtin/files-pack';
import { tempHome } from '../helpers/temp-home';

async function journalFile(undo: string, runId: string, body: unknown): Promise<void> {
  await mkdir(join(undo, runId, 'backup'), { recursive: true });
  await writeFile(join(undo, runId, 'journal.json'), typeof body === 'string' ? body : JSON.stringify(body));
}

describe('start-up over damaged Apply journals', () => {
  it('starts anyway: rolls back what it can, quarantines what it cannot, and says so', async () => {
    const { dir, cleanup } = await tempHome('switchboard-recovery-');
    try {
      const home = join(dir, 'home');
      const undo = join(home, 'undo');
      const root = join(dir, 'root');
      await mkdir(root, { recursive: true });
      // 1. A journal that is not JSON at all.
      await journalFile(undo, 'run-garbage', '{"runId": "run-garbage", "state": "prep');
      // 2. A prepared Apply whose kept copy is gone and whose target changed: it cannot be rolled back.
      await writeFile(join(root, 'edited.txt'), 'half-applied');
      await journalFile(undo, 'run-lost', {
        runId: 'run-lost',
        state: 'prepared',
        createdAt: new Date().toISOString(),
        entries: [
          {
            target: join(root, 'edited.txt'),
            action: 'write',
            tmp: join(root, '.edited.txt.tmp'),
            hadOld: true,
            backup: join(undo, 'run-lost', 'backup', '0'),
            oldHash: 'f'.repeat(64),
            newHash: 'e'.repeat(64),
          },
        ],
      });
      // 3. An Undo interrupted with its kept copy gone.
      await writeFile(join(root, 'undoing.txt'), 'applied bytes');
      await journalFile(undo, 'run-undoing', {
        runId: 'run-undoing',
        state: 'undoing',
        createdAt: new Date().toISOString(),
        entries: [
          {
            target: join(root, 'undoing.txt'),
            action: 'write',
            tmp: join(root, '.undoing.txt.tmp'),
            hadOld: true,
            backup: join(undo, 'run-undoing', 'backup', '0'),
            oldHash: 'a'.repeat(64),
          },
        ],
      });
      // 4. A prepared Apply whose file was staged under an existing file (the old crash at every start).
      await writeFile(join(root, 'plain.txt'), 'I am a file');
      await journalFile(undo, 'run-under-file', {
        runId: 'run-under-file',
        state: 'prepared',
        createdAt: new Date().toISOString(),
        entries: [
          {
            target: join(root, 'plain.txt', 'inner.txt'),
            action: 'write',
            tmp: join(root, 'plain.txt', '.inner.txt.tmp'),
            hadOld: false,
            newHash: 'b'.repeat(64),
          },
        ],
      });

      const sink = memorySink();
      const core = await createCore({ host: 'test', home, env: {}, appVersion: '0.0.0-test', packs: [filesPack], logSinks: [sink] });
      try {
        const quarantined = sink.records
          .filter((r) => r.message.includes('quarantined'))
          .map((r) => (r.fields as { runId: string }).runId)
          .sort();
        expect(quarantined).toEqual(['run-garbage', 'run-lost', 'run-undoing']);
        const journal = new ApplyJournal(undo);
        expect((await journal.read('run-lost'))?.state).toBe('quarantined');
        expect((await journal.read('run-lost'))?.problems?.join(' ')).toMatch(/edited\.txt/);
        expect((await journal.read('run-undoing'))?.state).toBe('quarantined');
        expect((await journal.read('run-under-file'))?.state).toBe('rolled-back');
        expect(await readdir(join(undo, '.quarantine'))).toEqual([expect.stringMatching(/^run-garbage-\d+$/)]);
        // Nothing it could not restore was touched.
        expect(await readFile(join(root, 'edited.txt'), 'utf8')).toBe('half-applied');
        expect(await readFile(join(root, 'plain.txt'), 'utf8')).toBe('I am a file');
        // The core works: a run applies.
        const run = await core.executor.run(`await files.write({ path: 'ok.txt', text: 'fine' });`, { roots: [root] });
        await core.executor.apply(run.runId);
        expect(await readFile(join(root, 'ok.txt'), 'utf8')).toBe('fine');
      } finally {
        await core.dispose();
      }
      // A second start finds nothing left to do and does not throw either.
      expect(await new ApplyJournal(undo).recover()).toEqual({ rolledBack: [], undone: [], quarantined: [] });
    } finally {
      await cleanup();
    }
  });
});
