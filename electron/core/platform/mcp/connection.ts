import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { AppError } from '../../../shared/result';
import type { Logger } from '../../log/logger';
import { describeSpec, type McpServerSpec } from './spec';
import { errorMessage } from '../../../shared/errors';

const CLIENT_INFO = { name: 'switchboard', version: '1.0.0' };
const STDERR_TAIL_LINES = 20;
const MAX_TOOL_PAGES = 100;

// Tools are checked one by one later, so a single malformed tool cannot fail the whole listing
// (the SDK's listTools() rejects the page if any tool breaks its schema).
const toolsPageSchema = z.object({ tools: z.array(z.unknown()), nextCursor: z.string().optional() }).loose();

/** One live session with an MCP server (one child process for stdio). Replaced wholesale on restart. */
export interface McpConnection {
  readonly client: Client;
  /** The server's reported name and version, from initialize. */
  readonly server: { name: string; version: string | undefined };
  /** The child's pid (stdio), or null. */
  readonly pid: number | null;
  /** True once the transport closed without {@link McpConnection.close} being called. */
  readonly lost: boolean;
  /** Every tool the server lists, following nextCursor; raw, validated later one tool at a time. */
  listTools(options: { timeoutMs: number; signal?: AbortSignal }): Promise<unknown[]>;
  /** The last lines the server wrote to stderr (stdio only), for error reports. */
  stderrTail(): string;
  /**
   * Why the transport failed, when it did ("the server sent a message larger than ..."), for the error a
   * person sees: the SDK itself only rejects pending requests with "Connection closed".
   */
  failure(): string | undefined;
  /** Ends the session and makes sure the child process is gone. */
  close(options?: { force?: boolean }): Promise<void>;
}

export interface OpenConnectionOptions {
  spec: McpServerSpec;
  logger: Logger;
  connectTimeoutMs: number;
  signal?: AbortSignal;
  onToolsChanged: () => void;
  /** The server went away on its own (crash, exit, closed stream). Not called after close(). */
  onLost: (connection: McpConnection) => void;
}

/** Starts (stdio) or reaches (http) the server and completes initialize within connectTimeoutMs. */
export async function openConnection(options: OpenConnectionOptions): Promise<McpConnection> {
  const { spec, logger, connectTimeoutMs } = options;
  const described = describeSpec(spec);
  const stderrLines: string[] = [];
  let pid: number | null = null;
  let closing = false;
  let established = false;
  let lost = false;
  // Set when the transport reports the child closed: from then on its pid may belong to someone else.
  let exited = false;
  let closed: Promise<void> | undefined;

  const transport = spec.kind === 'stdio' ? stdioTransport(spec, logger, stderrLines) : httpTransport(spec);
  if (transport instanceof StdioClientTransport) {
    // The SDK forgets the child as soon as it starts closing; remember its pid so we can check it is gone.
    const start = transport.start.bind(transport);
    transport.start = async () => {
      await start();
      pid = transport.pid;
    };
  }

  const client = new Client(CLIENT_INFO, { capabilities: {} });
  let transportError: string | undefined;
  client.onerror = (error) => {
    logger.debug('MCP transport error', { server: described, error: error.message });
    // The first error is the cause; what follows (parse errors of the remains, writes after close) is its echo.
    if (!closing) transportError ??= explainTransportError(error.message);
  };
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => options.onToolsChanged());

  const connection: McpConnection = {
    client,
    get server() {
      const info = client.getServerVersion();
      return { name: info?.name ?? described, version: info?.version };
    },
    get pid() {
      return pid;
    },
    get lost() {
      return lost;
    },
    listTools: (listOptions) => listAllTools(client, listOptions, logger, described),
    stderrTail: () => stderrLines.join('\n'),
    failure: () => transportError,
    close: (closeOptions) => (closed ??= shutdown(closeOptions?.force ?? false)),
  };

  const shutdown = async (force: boolean): Promise<void> => {
    closing = true;
    if (force && pid !== null && !exited) killQuietly(pid, 'SIGKILL');
    if (transport instanceof StreamableHTTPClientTransport) {
      // Best effort: let the server free the session; a dead server must not delay dispose.
      await Promise.race([transport.terminateSession().catch(() => undefined), sleep(1000, undefined, { ref: false })]);
    }
    await client.close().catch((error: unknown) => logger.debug('MCP close failed', { server: described, error: String(error) }));
    if (pid !== null) await ensureGone(pid, () => exited);
  };

  client.onclose = () => {
    exited = true;
    if (closing || !established) return;
    lost = true;
    options.onLost(connection);
  };

  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error('connect timeout')), connectTimeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
  try {
    await client.connect(transport, { signal, timeout: connectTimeoutMs });
    established = true;
    return connection;
  } catch (error) {
    await connection.close({ force: true });
    const tail = `${transportError ? `: ${transportError}` : ''}${stderrLines.length > 0 ? `\nserver stderr:\n${connection.stderrTail()}` : ''}`;
    if (options.signal?.aborted) throw new AppError('CANCELLED', `connecting to the MCP server ${described} was cancelled`);
    if (timeout.signal.aborted || (error instanceof McpError && error.code === ErrorCode.RequestTimeout)) {
      throw new AppError('UNAVAILABLE', `the MCP server ${described} did not answer initialize within ${connectTimeoutMs} ms${tail}`);
    }
    if (error instanceof McpError && error.code === ErrorCode.ConnectionClosed) {
      throw new AppError('UNAVAILABLE', `the MCP server ${described} exited before it finished initializing${tail}`);
    }
    const message = errorMessage(error);
    throw new AppError('UNAVAILABLE', `could not connect to the MCP server ${described}: ${message}${tail}`);
  } finally {
    clearTimeout(timer);
  }
}

/** The SDK's transport errors in words a person can act on (the raw text stays in the debug log). */
export function explainTransportError(message: string): string {
  const overflow = /ReadBuffer exceeded maximum size of (\d+) bytes/.exec(message);
  if (overflow)
    return `the server sent a message larger than ${overflow[1]} bytes (${Math.round(Number(overflow[1]) / (1024 * 1024))} MB, the most one MCP message may hold here), so the connection was closed`;
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}

function stdioTransport(spec: Extract<McpServerSpec, { kind: 'stdio' }>, logger: Logger, tail: string[]): StdioClientTransport {
  const transport = new StdioClientTransport({ command: spec.command, args: spec.args, env: spec.env, cwd: spec.cwd, stderr: 'pipe' });
  // Servers log to stderr; keep it out of our own stderr, in the debug log, with a short tail for errors.
  let partial = '';
  const stream = transport.stderr;
  stream?.on('data', (chunk: Buffer | string) => {
    const lines = (partial + chunk.toString()).split(/\r?\n/);
    partial = lines.pop() ?? '';
    if (partial.length > 4000) partial = partial.slice(-4000);
    for (const line of lines) {
      if (line === '') continue;
      const trimmed = line.length > 500 ? `${line.slice(0, 500)}…` : line;
      tail.push(trimmed);
      if (tail.length > STDERR_TAIL_LINES) tail.shift();
      logger.debug('MCP server stderr', { command: spec.command, line: trimmed });
    }
  });
  return transport;
}

function httpTransport(spec: Extract<McpServerSpec, { kind: 'http' }>): StreamableHTTPClientTransport {
  return new StreamableHTTPClientTransport(new URL(spec.url), spec.headers ? { requestInit: { headers: spec.headers } } : undefined);
}

async function listAllTools(client: Client, options: { timeoutMs: number; signal?: AbortSignal }, logger: Logger, described: string): Promise<unknown[]> {
  // A server without the tools capability has nothing to list (and may not implement tools/list).
  if (client.getServerCapabilities()?.tools === undefined) return [];
  const tools: unknown[] = [];
  const cursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_TOOL_PAGES; page += 1) {
    const result = await client.request({ method: 'tools/list', params: cursor === undefined ? {} : { cursor } }, toolsPageSchema, {
      timeout: options.timeoutMs,
      signal: options.signal,
    });
    tools.push(...result.tools);
    cursor = result.nextCursor;
    if (cursor === undefined) return tools;
    if (cursors.has(cursor)) {
      logger.warn('MCP server repeated a tools/list cursor; stopped paging', { server: described });
      return tools;
    }
    cursors.add(cursor);
  }
  logger.warn(`MCP server lists more than ${MAX_TOOL_PAGES} pages of tools; kept the first ${MAX_TOOL_PAGES}`, { server: described });
  return tools;
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The SDK escalates stdin-close → SIGTERM → SIGKILL but does not wait after the last; we do. We only
 * signal while the transport has not reported the exit, so a recycled pid is never hit.
 */
async function ensureGone(pid: number, exited: () => boolean): Promise<void> {
  const running = () => !exited() && isAlive(pid);
  for (let i = 0; i < 50 && running(); i += 1) await sleep(20);
  if (!running()) return;
  killQuietly(pid, 'SIGKILL');
  for (let i = 0; i < 100 && running(); i += 1) await sleep(20);
}
