import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiDocumentSchema, type ApiDocument } from '../../../../apis/sdk';
import { callOptions, testLogger, waitFor } from '../../../../test/fixtures/mcp/harness';
import { startHttpFixture } from '../../../../test/fixtures/mcp/server';
import { connectMcpPack, type McpPack } from './mcp-pack';

// The same fixture server, in this process, over streamable HTTP on 127.0.0.1.
describe('an MCP server over streamable HTTP as a pack', () => {
  let server: Awaited<ReturnType<typeof startHttpFixture>>;
  let pack: McpPack;

  beforeAll(async () => {
    server = await startHttpFixture({ version: '3.1.0' });
    pack = await connectMcpPack({
      spec: { kind: 'http', url: server.url, headers: { 'x-test': 'yes' } },
      module: 'remote',
      pack: 'mcp-remote',
      logger: testLogger().logger,
    });
  });
  afterAll(async () => {
    await pack?.dispose();
    await server?.close();
  });

  it('lists the tools as valid documents', () => {
    expect(pack.state).toBe('running');
    expect(pack.version).toBe('3.1.0');
    expect(pack.documents()).toHaveLength(10);
    for (const doc of pack.documents()) expect(apiDocumentSchema.safeParse(doc).success).toBe(true);
    expect(pack.documents().find((d) => d.name === 'remote.deleteItem')?.effects).toBe('destructive');
    expect(server.headers.length).toBeGreaterThan(0);
    expect(server.headers.every((h) => h['x-test'] === 'yes')).toBe(true);
  });

  it('calls tools and maps errors', async () => {
    expect(await pack.call('echoText', { text: 'over http' }, callOptions())).toEqual({ ok: true, value: { content: [{ type: 'text', text: 'over http' }] } });
    expect(await pack.call('failAlways', {}, callOptions())).toEqual({ ok: false, error: { code: 'API_ERROR', message: 'the item is locked' } });
    expect(await pack.call('sleepMs', { ms: 5000 }, callOptions({ timeoutMs: 200 }))).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
  });

  it('follows list_changed over the HTTP event stream', async () => {
    const changed = new Promise<ApiDocument[]>((resolve) => pack.onDocumentsChanged(resolve));
    expect(await pack.call('addTool', { name: 'remote_extra' }, callOptions())).toMatchObject({ ok: true });
    expect((await changed).map((d) => d.name)).toContain('remote.remoteExtra');
  });

  it('ends the session on dispose', async () => {
    expect(server.sessions()).toBe(1);
    await pack.dispose();
    expect(pack.state).toBe('stopped');
    await waitFor(() => server.sessions() === 0, 5000, 'the session to end');
  });
});

describe('an unreachable HTTP server', () => {
  it('rejects connecting with a clear error naming the URL', async () => {
    const server = await startHttpFixture();
    const url = server.url;
    await server.close();
    await expect(
      connectMcpPack({ spec: { kind: 'http', url }, module: 'gone', pack: 'mcp-gone', logger: testLogger().logger, connectTimeoutMs: 5000 }),
    ).rejects.toThrow(new RegExp(`could not connect to the MCP server ${url.replace(/[.?]/g, '\\$&')}`));
  });
});
