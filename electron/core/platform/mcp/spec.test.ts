import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/result';
import { describeSpec, parseMcpSpec, splitCommandLine } from './spec';

function refusal(spec: string): string {
  try {
    parseMcpSpec(spec);
  } catch (error) {
    expect(isAppError(error) && error.code).toBe('INVALID_INPUT');
    return (error as Error).message;
  }
  throw new Error(`${spec} was accepted`);
}

describe('parseMcpSpec', () => {
  it('splits mcp:<command line> into command and args', () => {
    expect(parseMcpSpec('mcp:npx -y @modelcontextprotocol/server-filesystem /tmp')).toEqual({
      kind: 'stdio',
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'],
    });
  });

  it('keeps quoted words together, single quotes literal, double quotes with \\" and \\\\ escapes', () => {
    expect(parseMcpSpec(`mcp:  "/opt/my server/run" --name 'a "b" c'   --x="1 2"  ''  "say \\"hi\\" \\\\ there"`)).toEqual({
      kind: 'stdio',
      command: '/opt/my server/run',
      args: ['--name', 'a "b" c', '--x=1 2', '', 'say "hi" \\ there'],
    });
  });

  it('leaves backslashes outside quotes alone (Windows paths)', () => {
    expect(parseMcpSpec('mcp:C:\\tools\\server.exe --port 3')).toEqual({ kind: 'stdio', command: 'C:\\tools\\server.exe', args: ['--port', '3'] });
  });

  it('refuses unterminated quotes and empty command lines', () => {
    expect(refusal('mcp:node "server.js')).toMatch(/unterminated " quote/);
    expect(refusal("mcp:node 'server.js")).toMatch(/unterminated ' quote/);
    expect(refusal('mcp:   ')).toMatch(/names no command/);
    expect(refusal('mcp:""')).toMatch(/names no command/);
  });

  it('accepts http and https URLs for mcp+http:', () => {
    expect(parseMcpSpec('mcp+http:https://example.com/mcp')).toEqual({ kind: 'http', url: 'https://example.com/mcp' });
    expect(parseMcpSpec('  mcp+http:http://127.0.0.1:8080/mcp?x=1 ')).toEqual({ kind: 'http', url: 'http://127.0.0.1:8080/mcp?x=1' });
  });

  it('refuses other URL schemes, bad URLs and unknown prefixes', () => {
    expect(refusal('mcp+http:ftp://example.com/mcp')).toMatch(/http or https, not ftp/);
    expect(refusal('mcp+http:file:///etc/passwd')).toMatch(/not file/);
    expect(refusal('mcp+http:javascript:alert(1)')).toMatch(/not javascript/);
    expect(refusal('mcp+http:not a url')).toMatch(/not a valid URL/);
    expect(refusal('http://example.com/mcp')).toMatch(/not an MCP server spec/);
    expect(refusal('mcp+ws:ws://example.com')).toMatch(/not an MCP server spec/);
  });
});

describe('splitCommandLine and describeSpec', () => {
  it('joins adjacent quoted and unquoted pieces like a shell', () => {
    expect(splitCommandLine(`a"b c"'d e'f g`)).toEqual(['ab cd ef', 'g']);
  });

  it('describes a spec without env or headers, quoting words that need it', () => {
    expect(describeSpec({ kind: 'stdio', command: 'node', args: ['my server.js', ''], env: { TOKEN: 'secret' } })).toBe('node "my server.js" ""');
    expect(describeSpec({ kind: 'http', url: 'https://x.test/mcp', headers: { authorization: 'secret' } })).toBe('https://x.test/mcp');
  });
});
