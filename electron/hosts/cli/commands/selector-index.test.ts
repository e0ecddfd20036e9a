import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3, type TestS3 } from '../../../../test/helpers/s3-server';
import { tempHome } from '../../../../test/helpers/temp-home';
import { builtinPacks } from '../../../../apis';
import { connectIndex } from '../../../core/selector/api-index';
import { GENERATIONS_TABLE } from '../../../core/selector/shared-generations';
import { runCli } from '../program';

let dir: string;
let cleanup: () => Promise<void>;
let s3: TestS3;

async function cli(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(
    ['--home', join(dir, 'home'), ...args],
    { out: (t) => (out += t), err: (t) => (err += t), env: { SWITCHBOARD_EMBEDDER: 'onnx', ...env } },
    { packs: builtinPacks },
  );
  return { code, out, err };
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempHome('switchboard-cli-index-'));
  s3 = await startS3('cli-index');
});
afterAll(async () => {
  await s3?.close();
  await cleanup?.();
});

describe('switchboard index', () => {
  it('shows the local default, then publishes the built-in packs to an S3 index named by the environment', async () => {
    const local = await cli({}, 'index', 'show');
    expect(local.code).toBe(0);
    expect(local.out).toContain(`uri: ${join(dir, 'home', 'selector', 'index')}`);
    expect(local.out).toContain('shared: no');

    const env = {
      SWITCHBOARD_SELECTOR_INDEX: `s3://${s3.bucket}/team/index`,
      AWS_ENDPOINT_URL: s3.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    };
    const shown = await cli(env, 'index', 'show');
    expect(shown.out).toContain('shared: yes');
    expect(shown.out).toContain(`endpoint: ${s3.endpoint}`);
    expect(shown.out).toContain('keys: from AWS_ACCESS_KEY_ID');
    const rebuilt = await cli(env, 'index', 'rebuild');
    expect(rebuilt.code, rebuilt.err).toBe(0);
    expect(rebuilt.out).toMatch(/index rebuilt: [1-9]\d* APIs/);
    const db = await connectIndex(`s3://${s3.bucket}/team/index`, s3.storageOptions);
    const pointer = await db.openTable(GENERATIONS_TABLE);
    expect(await pointer.countRows()).toBeGreaterThanOrEqual(1);
    pointer.close();
    db.close();
  }, 120_000);

  it('refuses a malformed key id and clears stored keys', async () => {
    const bad = await cli({}, 'index', 'credentials', 'set', '--access-key-id', 'no spaces allowed');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--access-key-id');
    const cleared = await cli({}, 'index', 'credentials', 'clear');
    expect(cleared.code).toBe(0);
    const secrets = await readFile(join(dir, 'home', 'secrets.json'), 'utf8').catch(() => '{}');
    expect(secrets).not.toContain('selector.index');
  }, 60_000);
});
