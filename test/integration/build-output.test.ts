import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = join(import.meta.dirname, '..', '..');

// The packaged app runs from out/: what core loads at run time beside its own module must be there too.
describe('electron-vite build output', () => {
  let out: string;
  beforeAll(async () => {
    out = join(await mkdtemp(join(tmpdir(), 'switchboard-build-')), 'out');
    await run(process.execPath, [join(repo, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', out, '--logLevel', 'error'], {
      cwd: repo,
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    });
  }, 120_000);
  afterAll(async () => {
    if (out) await rm(join(out, '..'), { recursive: true, force: true });
  });

  it('puts the JavaScript pack runner beside the main bundle, which finds it through import.meta.url', async () => {
    const runner = await readFile(join(out, 'main', 'runner.mjs'), 'utf8');
    expect(runner).toBe(await readFile(join(repo, 'electron/core/platform/js-pack/runner.mjs'), 'utf8'));
    const main = await readFile(join(out, 'main', 'index.js'), 'utf8');
    expect(main).toContain('new URL("./runner.mjs", import.meta.url)');
  });

  it('puts the sandbox worker beside the main bundle, which finds it through import.meta.url', async () => {
    const worker = await readFile(join(out, 'main', 'sandbox-worker.mjs'), 'utf8');
    expect(worker).toBe(await readFile(join(repo, 'electron/core/executor/sandbox-worker.mjs'), 'utf8'));
    // The worker imports its Intl bridge by relative path: it must sit beside it too.
    expect(await readFile(join(out, 'main', 'sandbox-intl.mjs'), 'utf8')).toBe(await readFile(join(repo, 'electron/core/executor/sandbox-intl.mjs'), 'utf8'));
    expect(await readFile(join(out, 'main', 'index.js'), 'utf8')).toContain('new URL("./sandbox-worker.mjs", import.meta.url)');
  });

  it('puts the word-vector cache worker beside the main bundle, which finds it through import.meta.url', async () => {
    const worker = await readFile(join(out, 'main', 'glove-worker.mjs'), 'utf8');
    expect(worker).toBe(await readFile(join(repo, 'electron/core/selector/glove-worker.mjs'), 'utf8'));
    expect(await readFile(join(out, 'main', 'index.js'), 'utf8')).toContain('new URL("./glove-worker.mjs", import.meta.url)');
  });

  it('makes a self-contained CommonJS preload (a sandboxed preload cannot require)', async () => {
    const preload = await readFile(join(out, 'preload', 'index.cjs'), 'utf8');
    expect(preload).not.toMatch(/require\((?!["']electron["'])/);
  });
});
