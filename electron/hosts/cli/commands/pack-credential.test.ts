import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinPacks } from '../../../../apis';
import { runCli } from '../program';

let dir: string;

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['--home', join(dir, 'home'), ...args], { out: (t) => (out += t), err: (t) => (err += t), env: {} }, { packs: builtinPacks });
  return { code, out, err };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchboard-credential-'));
  const doc = {
    openapi: '3.0.3',
    info: { title: 'Weather', version: '2.0.0' },
    servers: [{ url: 'https://api.weather.example/v1' }],
    paths: {
      '/forecast': {
        get: {
          operationId: 'forecast',
          summary: 'The forecast for a place.',
          parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string' }, description: 'the place' }],
          responses: { '200': { description: 'ok' } },
        },
      },
    },
  };
  await writeFile(join(dir, 'weather.json'), JSON.stringify(doc));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('switchboard packs add openapi: and packs credential', () => {
  it('installs from a file, stores a credential in the secret store and clears it; bad input changes nothing', async () => {
    const added = await cli('packs', 'add', `openapi:${join(dir, 'weather.json')}`);
    expect(added.code).toBe(0);
    expect(added.out).toContain('openapi-weather@2.0.0  openapi  weather.*  1 API');
    expect(added.out).toContain('weather.forecast');
    const set = await cli('packs', 'credential', 'openapi-weather', '--api-key-query', 'key=abc123');
    expect(set.code).toBe(0);
    const secrets = JSON.parse(await readFile(join(dir, 'home', 'secrets.json'), 'utf8')) as Record<string, string>;
    expect(JSON.stringify(secrets)).toContain('abc123');
    const two = await cli('packs', 'credential', 'openapi-weather', '--bearer', 'x', '--basic', 'a:b');
    expect(two.code).toBe(2);
    const builtin = await cli('packs', 'credential', 'pptx', '--bearer', 'x');
    expect(builtin.code).toBe(2);
    expect(builtin.err).toContain('credentials are for OpenAPI packs');
    const badBasic = await cli('packs', 'credential', 'openapi-weather', '--basic', 'nocolon');
    expect(badBasic.code).toBe(2);
    expect(await readFile(join(dir, 'home', 'secrets.json'), 'utf8')).toContain('abc123');
    const cleared = await cli('packs', 'credential', 'openapi-weather', '--clear');
    expect(cleared.code).toBe(0);
    expect(await readFile(join(dir, 'home', 'secrets.json'), 'utf8')).not.toContain('abc123');
  }, 60_000);
});
