import { McpError, ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { apiDocumentSchema, VERB_NAME } from '../../../../apis/sdk';
import { createLogger, memorySink } from '../../log/logger';
import { outcomeOfError, outcomeOfResult } from './call-outcome';
import { explainTransportError } from './connection';
import { assignVerbs, buildDocuments, CONTENT_RESULT_SCHEMA, effectsOf, packVersion, toVerb, UNDESCRIBED_PARAMETER } from './tool-documents';

function build(tools: unknown[]) {
  const sink = memorySink();
  const built = buildDocuments({
    tools,
    module: 'files',
    pack: 'mcp-files',
    version: '2.0.0',
    serverName: 'files-server',
    logger: createLogger({ sinks: [sink] }),
  });
  return { ...built, warnings: sink.records.filter((r) => r.level === 'warn') };
}

describe('toVerb', () => {
  it.each([
    ['read_file', 'readFile'],
    ['get-weather', 'getWeather'],
    ['getWeather', 'getWeather'],
    ['GetWeather', 'getWeather'],
    ['HTTPRequest', 'httpRequest'],
    ['URL', 'url'],
    ['fs.read.v2', 'fsReadV2'],
    ['list__all  items', 'listAllItems'],
    ['3d_render', 'tool3dRender'],
    ['_private', 'private'],
    ['日本', 'tool'],
    ['', 'tool'],
  ])('%s → %s', (name, verb) => {
    expect(toVerb(name)).toBe(verb);
    expect(verb).toMatch(VERB_NAME);
  });

  it('keeps long names within the verb limit', () => {
    expect(toVerb(`a_${'b'.repeat(100)}`)).toMatch(VERB_NAME);
  });
});

describe('assignVerbs', () => {
  it('de-duplicates collisions with 2, 3… independent of server order, preferring the exact name', () => {
    const names = ['read-file', 'read_file', 'readFile', 'read.file'];
    const expected = new Map([
      ['readFile', 'readFile'],
      ['readFile2', 'read-file'],
      ['readFile3', 'read.file'],
      ['readFile4', 'read_file'],
    ]);
    expect(assignVerbs(names)).toEqual(expected);
    expect(assignVerbs([...names].reverse())).toEqual(expected);
  });

  it('never hands a suffixed verb that another tool owns as its base', () => {
    const verbs = assignVerbs(['a_b', 'a-b', 'aB2']);
    expect([...verbs.keys()].sort()).toEqual(['aB', 'aB2', 'aB3']);
    expect(verbs.get('aB2')).toBe('aB2');
  });
});

describe('effectsOf', () => {
  it.each([
    [{ readOnlyHint: true }, 'read'],
    [{ readOnlyHint: true, destructiveHint: true, openWorldHint: true }, 'read'],
    [{ destructiveHint: true }, 'destructive'],
    [{ readOnlyHint: false }, 'destructive'],
    [{ readOnlyHint: false, destructiveHint: false }, 'external'],
    [{ readOnlyHint: false, destructiveHint: false, openWorldHint: true }, 'external'],
    [{ openWorldHint: true }, 'external'],
    [{ openWorldHint: false }, 'external'],
    [{}, 'external'],
    [undefined, 'external'],
  ] as const)('%j → %s', (annotations, effect) => {
    expect(effectsOf(annotations)).toBe(effect);
  });
});

describe('packVersion', () => {
  it('keeps semver and replaces anything else with 0.0.0', () => {
    expect(packVersion('1.2.3-beta.1+build.5')).toBe('1.2.3-beta.1+build.5');
    expect(packVersion('2024.1')).toBe('0.0.0');
    expect(packVersion('v1.0.0')).toBe('0.0.0');
    expect(packVersion(undefined)).toBe('0.0.0');
  });
});

describe('buildDocuments', () => {
  it('builds valid documents carrying schema, description and effects', () => {
    const { documents, tools, warnings } = build([
      {
        name: 'read_file',
        description: 'Reads a text file and returns its contents.',
        inputSchema: {
          type: 'object',
          properties: { path: { type: 'string', description: 'Absolute path' }, encoding: { type: 'string' } },
          required: ['path', 'gone'],
        },
        outputSchema: { type: 'object', properties: { text: { type: 'string' } } },
        annotations: { readOnlyHint: true },
      },
      { name: 'ping', title: 'Ping the server' },
      { name: 'zap' },
      { name: 'go', description: 'Go!' },
    ]);
    expect(warnings).toEqual([]);
    expect(documents.map((d) => d.name)).toEqual(['files.readFile', 'files.ping', 'files.zap', 'files.go']);
    expect([...tools]).toEqual([
      ['readFile', 'read_file'],
      ['ping', 'ping'],
      ['zap', 'zap'],
      ['go', 'go'],
    ]);
    for (const doc of documents) expect(apiDocumentSchema.parse(doc)).toEqual(doc);
    const [read, ping, zap, go] = documents;
    expect(read).toMatchObject({
      module: 'files',
      pack: 'mcp-files',
      version: '2.0.0',
      permissions: { folders: [], hosts: [] },
      effects: 'read',
      examples: [],
      composition: '',
      returns: { type: 'object', properties: { text: { type: 'string' } } },
    });
    expect(read!.parameters).toEqual({
      type: 'object',
      properties: { path: { type: 'string', description: 'Absolute path' }, encoding: { type: 'string', description: UNDESCRIBED_PARAMETER } },
      required: ['path'],
    });
    expect(ping).toMatchObject({
      description: 'Ping the server',
      parameters: { type: 'object', properties: {} },
      returns: CONTENT_RESULT_SCHEMA,
      effects: 'external',
    });
    expect(zap!.description).toMatch(/"zap".*files-server.*no description/);
    expect(go!.description).toBe('Go! (the MCP tool "go")');
  });

  it('refuses a bad tool with a warning and keeps the others', () => {
    const { documents, warnings } = build([
      { name: 'ok_tool', description: 'A perfectly fine tool.', inputSchema: { type: 'object' } },
      { name: 'string_in', description: 'Input is a string.', inputSchema: { type: 'string' } },
      { name: 'dashed', description: 'Dashed parameter name.', inputSchema: { type: 'object', properties: { 'a-b': { type: 'string' } } } },
      { name: 'array_in', description: 'Input is an array.', inputSchema: [] },
      { description: 'No name at all.' },
      'not even an object',
      { name: 'ok_tool', description: 'Listed twice.' },
    ]);
    expect(documents.map((d) => d.name)).toEqual(['files.okTool']);
    expect(warnings.map((w) => (w.fields as { tool?: string }).tool ?? w.message)).toEqual([
      'MCP tool refused: it has no name',
      'MCP tool refused: it has no name',
      'string_in',
      'dashed',
      'array_in',
      'ok_tool',
    ]);
  });

  it('shortens over-long descriptions instead of refusing the tool', () => {
    const long = 'x'.repeat(5000);
    const { documents } = build([
      { name: 'wordy', description: long, inputSchema: { type: 'object', properties: { a: { type: 'string', description: long } } } },
    ]);
    expect(documents[0]!.description.length).toBe(4000);
    expect(documents[0]!.parameters.properties!.a!.description!.length).toBe(4000);
  });
});

describe('call outcomes', () => {
  it('maps isError to API_ERROR with the text, success to structured content or { content }', () => {
    expect(
      outcomeOfResult({
        isError: true,
        content: [
          { type: 'text', text: 'no' },
          { type: 'text', text: 'really' },
        ],
      }),
    ).toEqual({
      ok: false,
      error: { code: 'API_ERROR', message: 'no\nreally' },
    });
    expect(outcomeOfResult({ isError: true, content: [] })).toMatchObject({ ok: false, error: { code: 'API_ERROR' } });
    expect(outcomeOfResult({ content: [{ type: 'text', text: 'a' }], structuredContent: { n: 1 } })).toEqual({ ok: true, value: { n: 1 } });
    expect(
      outcomeOfResult({
        content: [
          { type: 'text', text: 'a' },
          { type: 'image', mimeType: 'image/png', data: 'AAAA' },
        ],
      }),
    ).toEqual({
      ok: true,
      value: {
        content: [
          { type: 'text', text: 'a' },
          { type: 'image', mimeType: 'image/png', bytes: 3 },
        ],
      },
    });
  });

  it('maps thrown errors to TIMEOUT, CANCELLED, PACK_CRASHED, UNAVAILABLE', () => {
    const base = { aborted: false, connectionLost: false, remote: false, timeoutMs: 5 };
    expect(outcomeOfError(new McpError(ErrorCode.RequestTimeout, 'x'), base)).toMatchObject({ error: { code: 'TIMEOUT' } });
    expect(outcomeOfError(new McpError(ErrorCode.RequestTimeout, 'x'), { ...base, aborted: true })).toMatchObject({ error: { code: 'CANCELLED' } });
    expect(outcomeOfError(new McpError(ErrorCode.ConnectionClosed, 'x'), base)).toMatchObject({ error: { code: 'PACK_CRASHED' } });
    expect(outcomeOfError(new Error('Not connected'), { ...base, connectionLost: true })).toMatchObject({ error: { code: 'PACK_CRASHED' } });
    expect(outcomeOfError(new McpError(ErrorCode.InvalidParams, 'bad'), base)).toMatchObject({ error: { code: 'INVALID_ARGUMENTS' } });
    expect(outcomeOfError(new McpError(ErrorCode.InternalError, 'boom'), base)).toMatchObject({ error: { code: 'API_ERROR' } });
    expect(outcomeOfError(new TypeError('fetch failed'), { ...base, remote: true })).toMatchObject({ error: { code: 'UNAVAILABLE' } });
  });

  it('keeps the transport’s cause in a crash the person sees, not only "Connection closed" (issue 18)', () => {
    const failure = explainTransportError('ReadBuffer exceeded maximum size of 10485760 bytes');
    expect(failure).toBe('the server sent a message larger than 10485760 bytes (10 MB, the most one MCP message may hold here), so the connection was closed');
    const base = { aborted: false, connectionLost: true, remote: false, timeoutMs: 5, failure };
    expect(outcomeOfError(new McpError(ErrorCode.ConnectionClosed, 'Connection closed'), base)).toEqual({
      ok: false,
      error: { code: 'PACK_CRASHED', message: `the MCP server stopped while the call was running: ${failure}` },
    });
    expect(outcomeOfError(new TypeError('fetch failed'), { ...base, remote: true, failure: 'socket hang up' })).toMatchObject({
      error: { message: 'the MCP server could not be reached: fetch failed: socket hang up' },
    });
  });
});
