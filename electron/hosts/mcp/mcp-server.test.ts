import { mkdir, mkdtemp, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinPacks } from '../../../apis';
import { convertGloveJson } from '../../core/selector/glove-cache';
import { testCore } from '../../../test/helpers/core';
import { convertToPdf, hasSoffice, pdfText } from '../../../test/helpers/soffice';
import { writeTinyCache, writeTinyWink } from '../../../test/helpers/word-vectors';
import type { Core } from '../../core/create-core';
import { serveMcpHttp, type McpHttpHost } from './http-serve';
import { createMcpServer } from './mcp-server';

let core: Core;
let close: () => Promise<void>;
let dir: string;
let work: string;
let outside: string;
let host: McpHttpHost;

const textOf = (r: unknown): string =>
  ((r as CallToolResult).content ?? [])
    .filter((c) => c.type === 'text')
    .map((c) => (c as { text: string }).text)
    .join('\n');

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** A client over the in-memory transport; `elicit` decides whether it can be asked (and answers yes). */
async function memoryClient(elicit: boolean): Promise<Client> {
  const client = new Client({ name: 'test', version: '1' }, { capabilities: elicit ? { elicitation: {} } : {} });
  if (elicit) client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { allow: true } }));
  const [a, b] = InMemoryTransport.createLinkedPair();
  await createMcpServer(core, { roots: [work] }).server.connect(a);
  await client.connect(b);
  return client;
}

beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'switchboard-mcp-')));
  const models = join(dir, 'models');
  work = join(dir, 'work');
  outside = join(dir, 'outside');
  await Promise.all([mkdir(models), mkdir(work), mkdir(outside)]);
  await writeFile(join(outside, 'secret.txt'), 'top secret');
  await writeTinyCache(models, await convertGloveJson(await writeTinyWink(dir)));
  ({ core, close } = await testCore({ packs: builtinPacks, env: { SWITCHBOARD_MODELS_DIR: models } }));
  host = await serveMcpHttp(core, { roots: [work] });
}, 60_000);

afterAll(async () => {
  await host?.close();
  await close?.();
  await rm(dir, { recursive: true, force: true });
});

describe('switchboard mcp serve over streamable HTTP', () => {
  it('refuses a request without the bearer token', async () => {
    const res = await fetch(host.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
    const wrong = await fetch(host.url, { method: 'POST', headers: { authorization: 'Bearer nope' }, body: '{}' });
    expect(wrong.status).toBe(401);
  });

  it('lists every API with annotations from its effects, makes a deck in code mode, previews, applies and undoes it', async () => {
    const client = new Client({ name: 'test', version: '1' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { allow: true } }));
    await client.connect(new StreamableHTTPClientTransport(new URL(host.url), { requestInit: { headers: { authorization: `Bearer ${host.token}` } } }));
    try {
      const { tools } = await client.listTools();
      const byName = new Map(tools.map((t) => [t.name, t]));
      expect(tools.length).toBe(core.registry.listApis().length + 7);
      expect(byName.get('pptx_createDeck')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false, openWorldHint: false });
      expect(byName.get('fs_delete')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
      expect(byName.get('fs_readText')?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
      expect(byName.get('pptx_createDeck')?.inputSchema.properties).toHaveProperty('slides');
      for (const name of [
        'switchboard_search_apis',
        'switchboard_declarations',
        'switchboard_run_program',
        'switchboard_preview',
        'switchboard_apply',
        'switchboard_discard',
        'switchboard_undo',
      ])
        expect(byName.has(name)).toBe(true);

      const found = textOf(await client.callTool({ name: 'switchboard_search_apis', arguments: { query: 'create a new slide deck presentation', k: 5 } }));
      expect(found).toMatch(/pptx\.createDeck score=\d/);
      const decl = textOf(await client.callTool({ name: 'switchboard_declarations', arguments: { apis: ['pptx.createDeck'] } }));
      expect(decl).toContain('declare namespace pptx');
      expect(decl).toContain('createDeck(args');

      const program = `const r = await pptx.createDeck({ path: 'review.pptx', slides: [
        { layout: 'title', title: 'Harbour Review', subtitle: 'MCP test' },
        { layout: 'bullets', title: 'Findings', bullets: ['Cranes idle 12%', 'Berths full'] },
      ] });
      return r.slideCount;`;
      const ran = (await client.callTool({ name: 'switchboard_run_program', arguments: { program } })) as CallToolResult;
      expect(textOf(ran)).toContain('status: completed');
      expect(textOf(ran)).toContain('result: 2');
      expect(textOf(ran)).toContain('call #1 pptx.createDeck');
      const target = join(work, 'review.pptx');
      expect(await exists(target)).toBe(false);

      expect(textOf(await client.callTool({ name: 'switchboard_preview', arguments: {} }))).toContain(target);
      const preview = (await client.callTool({ name: 'switchboard_preview', arguments: { target } })) as CallToolResult;
      const images = preview.content.filter((c) => c.type === 'image');
      expect(images.length).toBeGreaterThanOrEqual(1);
      if (hasSoffice()) expect(images[0]).toMatchObject({ mimeType: 'image/png' });

      expect(textOf(await client.callTool({ name: 'switchboard_apply', arguments: {} }))).toContain(target);
      expect(await exists(target)).toBe(true);
      if (hasSoffice()) {
        const pdfDir = join(dir, 'pdf');
        await convertToPdf([target], pdfDir);
        const text = await pdfText(join(pdfDir, 'review.pdf'));
        expect(text).toContain('Harbour Review');
        expect(text).toContain('Cranes idle 12%');
      }
      expect(textOf(await client.callTool({ name: 'switchboard_undo', arguments: {} }))).toContain(target);
      expect(await exists(target)).toBe(false);
    } finally {
      await client.close();
    }
  }, 180_000);
});

describe('refusals', () => {
  it('refuses a destructive tool when the client cannot elicit, and changes nothing', async () => {
    const victim = join(work, 'keep.txt');
    await writeFile(victim, 'keep me');
    const client = await memoryClient(false);
    try {
      const refused = (await client.callTool({ name: 'fs_delete', arguments: { path: 'keep.txt' } })) as CallToolResult;
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(/REFUSED: fs\.delete \[destructive\].*does not support elicitation/);
      const program = (await client.callTool({
        name: 'switchboard_run_program',
        arguments: { program: "await fs.delete({ path: 'keep.txt' }); return 1;" },
      })) as CallToolResult;
      expect(program.isError).toBe(true);
      expect(textOf(program)).toContain('does not support elicitation');
      await client.callTool({ name: 'switchboard_apply', arguments: {} });
      expect(await readFile(victim, 'utf8')).toBe('keep me');
    } finally {
      await client.close();
    }
  }, 60_000);

  it('reaches nothing outside the granted folders, by tool or by program', async () => {
    const client = await memoryClient(true);
    try {
      const secret = join(outside, 'secret.txt');
      const byTool = (await client.callTool({ name: 'fs_readText', arguments: { path: secret } })) as CallToolResult;
      expect(byTool.isError).toBe(true);
      expect(textOf(byTool)).toContain('PERMISSION_DENIED');
      const dotdot = (await client.callTool({ name: 'fs_readText', arguments: { path: '../outside/secret.txt' } })) as CallToolResult;
      expect(textOf(dotdot)).toContain('PERMISSION_DENIED');
      const byProgram = textOf(
        await client.callTool({ name: 'switchboard_run_program', arguments: { program: `return await fs.readText({ path: ${JSON.stringify(secret)} });` } }),
      );
      expect(byProgram).toContain('PERMISSION_DENIED');
      expect(byProgram).not.toContain('top secret');
      const write = (await client.callTool({ name: 'fs_writeText', arguments: { path: join(outside, 'new.txt'), text: 'x' } })) as CallToolResult;
      expect(write.isError).toBe(true);
      await client.callTool({ name: 'switchboard_apply', arguments: {} });
      expect(await exists(join(outside, 'new.txt'))).toBe(false);
    } finally {
      await client.close();
    }
  }, 60_000);

  it('sends the verifier diagnostics back and runs nothing; bad arguments are a clear error', async () => {
    const client = await memoryClient(true);
    try {
      const refused = (await client.callTool({
        name: 'switchboard_run_program',
        arguments: { program: 'await pptx.createDeck({ path: 1 }); return 0;' },
      })) as CallToolResult;
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(/REFUSED by the verifier[\s\S]*line 1/);
      const bad = (await client.callTool({ name: 'switchboard_declarations', arguments: { apis: ['nope.nothing'] } })) as CallToolResult;
      expect(textOf(bad)).toContain('unknown API');
      const meta = (await client.callTool({ name: 'switchboard_search_apis', arguments: { query: '' } })) as CallToolResult;
      expect(meta.isError).toBe(true);
      expect(textOf(meta)).toContain('INVALID_ARGUMENTS');
    } finally {
      await client.close();
    }
  }, 60_000);

  it('stages tool-face writes per session: a second call sees the first, preview shows it, discard drops it', async () => {
    const client = await memoryClient(true);
    try {
      const wrote = (await client.callTool({ name: 'fs_writeText', arguments: { path: 'notes.txt', text: 'first' } })) as CallToolResult;
      expect(wrote.isError).toBeFalsy();
      expect(await exists(join(work, 'notes.txt'))).toBe(false);
      expect(textOf(await client.callTool({ name: 'fs_readText', arguments: { path: 'notes.txt' } }))).toContain('first');
      expect(textOf(await client.callTool({ name: 'switchboard_preview', arguments: {} }))).toContain(join(work, 'notes.txt'));
      expect(textOf(await client.callTool({ name: 'switchboard_discard', arguments: {} }))).toContain('notes.txt');
      expect(textOf(await client.callTool({ name: 'switchboard_apply', arguments: {} }))).toBe('nothing was staged');
      expect(await exists(join(work, 'notes.txt'))).toBe(false);
    } finally {
      await client.close();
    }
  }, 60_000);
});
