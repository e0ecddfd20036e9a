import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/helpers/temp-home';
import { writeFileAtomic } from './atomic-write';

let home: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => (home = await tempHome()));
afterEach(() => home.cleanup());

const writer = fileURLToPath(new URL('../../../test/fixtures/atomic-writer.ts', import.meta.url));

describe('writeFileAtomic', () => {
  it('replaces the content and leaves no temporary file', async () => {
    const file = join(home.dir, 'a.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readdir(home.dir)).toEqual(['a.json']);
  });

  it('leaves the whole old or the whole new content when the writer is killed mid-write', async () => {
    const file = join(home.dir, 'state.json');
    for (let round = 0; round < 6; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', writer, file], { stdio: ['ignore', 'pipe', 'inherit'] });
      // One process (node --import tsx), so SIGKILL stops the writer itself. Wait until the child has written at least once, then kill it at a random moment.
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 40));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const parsed = JSON.parse(await readFile(file, 'utf8')) as { n: number; fill: string };
      expect(parsed.fill).toBe('x'.repeat(parsed.n % 2 === 0 ? 200_000 : 300_000));
    }
  }, 60_000);
});
