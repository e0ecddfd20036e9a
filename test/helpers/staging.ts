import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStaging } from '../../electron/core/executor/staging';

/** A real run staging workspace in a temporary folder, for tests of packs that stage files. */
export async function testStaging(roots: readonly string[]): Promise<RunStaging> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-staging-'));
  return RunStaging.create({ dir: join(dir, 'run'), roots });
}
