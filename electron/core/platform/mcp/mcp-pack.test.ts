import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiDocumentSchema, type ApiDocument } from '../../../../apis/sdk';
import { CONNECT_MS, callOptions, connectFixture, fixtureProcesses, fixtureSpec, isAlive, testLogger, waitFor } from '../../../../test/fixtures/mcp/harness';
import { connectMcpPack, type McpPack } from './mcp-pack';
import { UNDESCRIBED_PARAMETER } from './tool-documents';

// Runs the fixture MCP server (test/fixtures/mcp/server.ts) as a real child process over stdio.
const processes = fixtureProcesses();
afterAll(() => {
  expect(processes.alive()).toEqual([]);
  processes.cleanup();
});

describe('an MCP server over stdio as a pack', () => {
  let pack: McpPack;
  const log = testLogger();

  beforeAll(async () => {
    pack = await connectFixture(processes.file, {
      logger: log.logger,
    });
  });
  afterAll(() => pack?.dispose());

  const doc = (name: string): ApiDocument => {
    const found = pack.documents().find((d) => d.name === `fixture.${name}`);
    if (!found) throw new Error(`no document fixture.${name}`);
    return found;
  };

  it('turns every tool into a valid API document', () => {
    expect(pack.state).toBe('running');
    expect(pack.version).toBe('1.4.2');
    expect(pack.documents().map((d) => d.name)).toEqual([
      'fixture.echoText',
      'fixture.deleteItem',
      'fixture.fetchUrl',
      'fixture.getWeather',
      'fixture.mystery',
      'fixture.failAlways',
      'fixture.sleepMs',
      'fixture.processInfo',
      'fixture.crash',
      'fixture.addTool',
    ]);
    for (const d of pack.documents()) {
      expect(apiDocumentSchema.parse(d)).toEqual(d);
      expect(d).toMatchObject({ module: 'fixture', pack: 'mcp-fixture', version: '1.4.2', examples: [], composition: '' });
    }
  });

  it('derives effects from the tool annotations', () => {
    expect(doc('echoText').effects).toBe('read');
    expect(doc('deleteItem').effects).toBe('destructive');
    expect(doc('fetchUrl').effects).toBe('external');
    expect(doc('getWeather').effects).toBe('external'); // no annotations at all
  });

  it('carries the input schema over, filling undescribed parameters, and the output schema into returns', () => {
    expect(doc('echoText')).toMatchObject({
      description: 'Echoes the given text back unchanged.',
      parameters: { type: 'object', properties: { text: { type: 'string', description: 'The text to echo' } }, required: ['text'] },
    });
    expect(doc('getWeather').parameters.properties).toEqual({ city: { type: 'string', description: UNDESCRIBED_PARAMETER } });
    expect(doc('getWeather').returns).toMatchObject({ type: 'object', properties: { city: { type: 'string' }, celsius: { type: 'number' } } });
    expect(doc('echoText').returns).toMatchObject({ description: expect.stringMatching(/MCP tool result content/) });
    expect(doc('mystery').description).toMatch(/"mystery".*switchboard-fixture.*no description/);
  });

  it('calls a tool and returns its text content or structured content', async () => {
    expect(await pack.call('echoText', { text: 'hello' }, callOptions())).toEqual({ ok: true, value: { content: [{ type: 'text', text: 'hello' }] } });
    expect(await pack.call('getWeather', { city: 'Oslo' }, callOptions())).toEqual({ ok: true, value: { city: 'Oslo', celsius: 21 } });
  });

  it('returns a tool error (isError) as an API_ERROR value', async () => {
    expect(await pack.call('failAlways', {}, callOptions())).toEqual({ ok: false, error: { code: 'API_ERROR', message: 'the item is locked' } });
  });

  it('ends a call that runs too long with TIMEOUT', async () => {
    const started = Date.now();
    const outcome = await pack.call('sleepMs', { ms: 10_000 }, callOptions({ timeoutMs: 300 }));
    expect(outcome).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('ends a cancelled call with CANCELLED', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 200);
    const outcome = await pack.call('sleepMs', { ms: 10_000 }, callOptions({ signal: controller.signal }));
    expect(outcome).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await pack.call('echoText', { text: 'x' }, callOptions({ signal: controller.signal }))).toMatchObject({ error: { code: 'CANCELLED' } });
  });

  it('refuses unknown verbs and non-object arguments without asking the server', async () => {
    expect(await pack.call('noSuchTool', {}, callOptions())).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(await pack.call('echoText', ['hello'], callOptions())).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    expect(await pack.call('echoText', {}, callOptions())).toMatchObject({ ok: false });
  });

  it('re-lists tools on list_changed and reports the new documents', async () => {
    const changed = new Promise<ApiDocument[]>((resolve) => {
      const subscription = pack.onDocumentsChanged((docs) => {
        subscription.dispose();
        resolve(docs);
      });
    });
    expect(await pack.call('addTool', { name: 'late_tool' }, callOptions())).toMatchObject({ ok: true });
    const docs = await changed;
    expect(docs.map((d) => d.name)).toContain('fixture.lateTool');
    expect(docs.find((d) => d.name === 'fixture.lateTool')).toMatchObject({ effects: 'read', description: 'A tool added at run time: late_tool.' });
    expect(pack.documents()).toEqual(docs);
    expect(await pack.call('lateTool', {}, callOptions())).toEqual({ ok: true, value: { content: [{ type: 'text', text: 'hello from late_tool' }] } });
  });
});

describe('tool listing', () => {
  it('follows nextCursor pages, refuses malformed tools one by one and falls back to 0.0.0 for a non-semver version', async () => {
    const log = testLogger();
    const pack = await connectMcpPack({
      spec: fixtureSpec({ MCP_FIXTURE_PID_FILE: processes.file, MCP_FIXTURE_PAGE_SIZE: '3', MCP_FIXTURE_EXTRA: 'bad', MCP_FIXTURE_VERSION: '2024.1' }),
      module: 'paged',
      pack: 'mcp-paged',
      logger: log.logger,
      connectTimeoutMs: CONNECT_MS,
    });
    try {
      expect(pack.version).toBe('0.0.0');
      expect(pack.documents()).toHaveLength(10);
      expect(pack.documents().every((d) => d.version === '0.0.0' && apiDocumentSchema.safeParse(d).success)).toBe(true);
      const refused = log.records.filter((r) => r.level === 'warn' && r.message.startsWith('MCP tool refused'));
      expect(refused.map((r) => (r.fields as { tool?: string }).tool ?? 'nameless').sort()).toEqual(['dashed_params', 'nameless', 'string_input']);
      expect(await pack.call('echoText', { text: 'paged' }, callOptions())).toMatchObject({ ok: true });
    } finally {
      await pack.dispose();
    }
  });
});

describe('dispose', () => {
  it('stops the server process, ends in state stopped and never restarts', async () => {
    const pack = await connectFixture(processes.file, {
      restart: { maxRetries: 3, baseDelayMs: 10 },
    });
    const info = await pack.call('processInfo', {}, callOptions());
    const pid = (info as { value: { pid: number } }).value.pid;
    expect(isAlive(pid)).toBe(true);
    await pack.dispose();
    expect(pack.state).toBe('stopped');
    expect(isAlive(pid)).toBe(false);
    expect(await pack.call('echoText', { text: 'x' }, callOptions())).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pack.state).toBe('stopped');
    await pack.dispose(); // idempotent
    await waitFor(() => processes.alive().length === 0, 5000, 'no fixture process left');
  });
});
