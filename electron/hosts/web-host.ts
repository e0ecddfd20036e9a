import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Core } from '../core/create-core';
import type { ClientConnection, ConnectionLimits } from '../core/ipc/client-connection';
import { fail } from '../shared/result';
import { clientFrameSchema, LIMITS, type ServerFrame } from '../shared/wire';
import { resolveStaticFile, serveFile } from './static-files';

export interface WebHostOptions {
  core: Core;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Per-start secret required on the WebSocket; random when omitted. */
  token?: string;
  /** Limits for each connection (tests lower them). */
  limits?: Partial<ConnectionLimits>;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const BIND = '127.0.0.1';
const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws://127.0.0.1:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/**
 * The browser host: serves the built renderer and speaks the contract over a WebSocket bound to
 * 127.0.0.1. A socket is accepted only with the per-start token and the page's own Origin, so other
 * local users and web pages cannot drive the core.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { core, rendererDir } = options;
  if (!existsSync(rendererDir)) throw new Error(`renderer not built: ${rendererDir} is missing (run npm run build)`);
  const token = options.token ?? randomBytes(24).toString('base64url');
  const limits = { ...LIMITS, ...options.limits };
  const logger = core.logger.child('web');
  let port = 0;

  const allowedHost = (host: string | undefined): boolean => host === `${BIND}:${port}` || host === `localhost:${port}`;

  const server = createServer((req, res) => void handleHttp(req, res));
  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Host check defeats DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host.
    if (!allowedHost(req.headers.host)) return refuse(res, 421, 'wrong host');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
    const path = new URL(req.url ?? '/', `http://${BIND}`).pathname;
    const file = await resolveStaticFile(rendererDir, path);
    if (!file) return refuse(res, 404, 'not found');
    serveFile(res, file, PAGE_HEADERS);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxRequestBytes * 2 });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', `http://${BIND}`);
    const reject = (status: number, reason: string): void => {
      logger.warn('refused a WebSocket', { status, reason, origin: req.headers.origin });
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/ws') return reject(404, 'Not Found');
    if (!allowedHost(req.headers.host)) return reject(403, 'Forbidden');
    const origin = req.headers.origin;
    if (origin !== `http://${BIND}:${port}` && origin !== `http://localhost:${port}`) return reject(403, 'Forbidden');
    if (!sameSecret(url.searchParams.get('token') ?? '', token)) return reject(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  const sockets = new Set<WebSocket>();
  function accept(ws: WebSocket): void {
    sockets.add(ws);
    const send = (frame: ServerFrame): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const connection: ClientConnection = core.connect(randomUUID(), (event, payload) => send({ type: 'event', event, payload }), limits);
    ws.on('message', (data: RawData, isBinary: boolean) => void onMessage(connection, send, data, isBinary));
    ws.on('close', () => {
      sockets.delete(ws);
      void core.disconnect(connection);
    });
    ws.on('error', (error) => logger.warn('socket error', { error }));
  }

  async function onMessage(connection: ClientConnection, send: (frame: ServerFrame) => void, data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) return send({ type: 'error', error: fail('MALFORMED_MESSAGE', 'binary frames are not accepted').error });
    const text = rawToString(data);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return send({ type: 'error', error: fail('MALFORMED_MESSAGE', 'the message is not valid JSON').error });
    }
    const frame = clientFrameSchema.safeParse(json);
    if (!frame.success) {
      const id = idOf(json);
      const error = fail('MALFORMED_MESSAGE', 'the message is not a request or cancel frame');
      return send(id === undefined ? { type: 'error', error: error.error } : { type: 'response', id, result: error });
    }
    if (frame.data.type === 'cancel') {
      connection.cancel(frame.data.id);
      return;
    }
    const { id, route, input } = frame.data;
    const result = await connection.request(id, route, input, Buffer.byteLength(text));
    send({ type: 'response', id, result });
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, BIND, () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://${BIND}:${port}/?token=${encodeURIComponent(token)}`;
  logger.info('browser host listening', { port });

  return {
    url,
    port,
    token,
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...PAGE_HEADERS });
  res.end(message);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

function idOf(value: unknown): string | number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const id = (value as { id?: unknown }).id;
  return (typeof id === 'number' && Number.isInteger(id) && id >= 0) || (typeof id === 'string' && id.length <= 64) ? id : undefined;
}
