import { AppError } from '../../../shared/result';

/** How to reach an MCP server: a local process over stdio, or a remote one over streamable HTTP. */
export type McpServerSpec =
  | { kind: 'stdio'; command: string; args: string[]; env?: Record<string, string>; cwd?: string }
  | { kind: 'http'; url: string; headers?: Record<string, string> };

const STDIO_PREFIX = 'mcp:';
const HTTP_PREFIX = 'mcp+http:';

/**
 * Parses the CLI forms `mcp:<command line>` and `mcp+http:<url>`.
 * Throws an `AppError('INVALID_INPUT')` naming what is wrong.
 */
export function parseMcpSpec(spec: string): McpServerSpec {
  const trimmed = spec.trim();
  const lower = trimmed.toLowerCase();
  if (lower.startsWith(HTTP_PREFIX)) return { kind: 'http', url: parseHttpUrl(trimmed.slice(HTTP_PREFIX.length).trim()) };
  if (lower.startsWith(STDIO_PREFIX)) {
    const words = splitCommandLine(trimmed.slice(STDIO_PREFIX.length));
    const [command, ...args] = words;
    if (command === undefined || command === '') throw new AppError('INVALID_INPUT', `"${spec}" names no command to run (expected mcp:<command> [args...])`);
    return { kind: 'stdio', command, args };
  }
  throw new AppError('INVALID_INPUT', `"${spec}" is not an MCP server spec (expected mcp:<command line> or mcp+http:<url>)`);
}

function parseHttpUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('INVALID_INPUT', `"${text}" is not a valid URL (expected mcp+http:https://host/path)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('INVALID_INPUT', `an MCP server URL must use http or https, not ${url.protocol.replace(/:$/, '')}`);
  }
  return url.href;
}

/**
 * Splits a command line into words the way a POSIX shell does for simple quoting: whitespace separates
 * words, '...' is literal, "..." is literal except that \" and \\ are escapes, and adjacent pieces join.
 * A backslash outside quotes stays literal so Windows paths (C:\tools\server.exe) survive unquoted.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const char = line[i]!;
    if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i += 1;
      continue;
    }
    inWord = true;
    if (char === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new AppError('INVALID_INPUT', `unterminated ' quote in the command line: ${line}`);
      word += line.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (char === '"') {
      i += 1;
      let closed = false;
      while (i < line.length) {
        const c = line[i]!;
        if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) {
          word += line[i + 1];
          i += 2;
        } else if (c === '"') {
          closed = true;
          i += 1;
          break;
        } else {
          word += c;
          i += 1;
        }
      }
      if (!closed) throw new AppError('INVALID_INPUT', `unterminated " quote in the command line: ${line}`);
      continue;
    }
    word += char;
    i += 1;
  }
  if (inWord) words.push(word);
  return words;
}

/** A short human description for logs and errors: the command line or the URL (never env or headers). */
export function describeSpec(spec: McpServerSpec): string {
  if (spec.kind === 'http') return spec.url;
  return [spec.command, ...spec.args].map((w) => (w === '' || /[\s"'\\]/.test(w) ? JSON.stringify(w) : w)).join(' ');
}
