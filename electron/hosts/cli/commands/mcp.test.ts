import { mkdir, mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../package-info';

let dir: string;

beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'switchboard-mcp-stdio-')));
  await mkdir(join(dir, 'work'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('switchboard mcp serve (stdio, the real command in a child process)', () => {
  it('serves the built-in APIs and the code mode, and applies only into the --root folder', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(REPO_ROOT, 'electron', 'hosts', 'bin.mjs'), '--home', join(dir, 'home'), 'mcp', 'serve', '--root', join(dir, 'work')],
      env: { PATH: process.env.PATH ?? '', HOME: dir, MALLOC_ARENA_MAX: '2' },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'stdio-test', version: '1' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['switchboard_run_program', 'pptx_createDeck', 'xlsx_createWorkbook', 'fs_delete']));
      const ran = (await client.callTool({
        name: 'switchboard_run_program',
        arguments: { program: "await fs.writeText({ path: 'hello.txt', text: 'from mcp' }); return 'ok';" },
      })) as CallToolResult;
      expect(JSON.stringify(ran.content)).toContain('status: completed');
      await client.callTool({ name: 'switchboard_apply', arguments: {} });
      expect(await readFile(join(dir, 'work', 'hello.txt'), 'utf8')).toBe('from mcp');
    } finally {
      await client.close();
    }
  }, 120_000);
});
