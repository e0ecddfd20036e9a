/**
 * A static file server on 127.0.0.1 for download tests: serves bytes with Range support and can
 * misbehave on purpose (corrupt a byte, drop the connection mid-body, stall until released).
 *
 *   const server = await startFileServer({ '/m.gguf': { file: sharedModel('llama-2-tiny-random.gguf'), dropAfterBytes: 300_000 } });
 *   server.url('/m.gguf'); server.requests  // [{ path, range }]
 */
import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedFile {
  /** A file on disk, or the bytes themselves. */
  file?: string;
  data?: Buffer;
  /** Flip one byte in the middle (a corrupted mirror). */
  corrupt?: boolean;
  /** Close the connection after this many body bytes, on the first `drops` requests (default 1). */
  dropAfterBytes?: number;
  drops?: number;
  /** Send this many body bytes, then wait for release() before sending the rest. */
  stallAfterBytes?: number;
  /** Answer Range requests with the whole file (a server without range support). */
  ignoreRange?: boolean;
}

export interface FileServer {
  url(path: string): string;
  readonly requests: { path: string; range?: string }[];
  /** Lets stalled responses continue. */
  release(): void;
  close(): Promise<void>;
}

export async function startFileServer(files: Record<string, ServedFile>): Promise<FileServer> {
  const bytes = new Map<string, Buffer>();
  for (const [path, spec] of Object.entries(files)) {
    const data = Buffer.from(spec.data ?? (await readFile(spec.file!)));
    if (spec.corrupt) data[data.length >> 1] = (data[data.length >> 1]! ^ 0xff) & 0xff;
    bytes.set(path, data);
  }
  const drops = new Map<string, number>();
  const requests: FileServer['requests'] = [];
  let releases: (() => void)[] = [];
  let released = false;

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const range = req.headers.range;
    requests.push({ path, ...(range !== undefined ? { range } : {}) });
    const data = bytes.get(path);
    const spec = files[path];
    if (!data || !spec) {
      res.writeHead(404).end('not found');
      return;
    }
    let start = 0;
    const match = /^bytes=(\d+)-$/.exec(range ?? '');
    if (match && !spec.ignoreRange) {
      start = Number(match[1]);
      if (start >= data.length) {
        res.writeHead(416, { 'content-range': `bytes */${data.length}` }).end();
        return;
      }
      res.writeHead(206, {
        'content-length': data.length - start,
        'content-range': `bytes ${start}-${data.length - 1}/${data.length}`,
        'accept-ranges': 'bytes',
      });
    } else {
      res.writeHead(200, { 'content-length': data.length, 'accept-ranges': 'bytes' });
    }
    const body = data.subarray(start);
    const dropped = drops.get(path) ?? 0;
    if (spec.dropAfterBytes !== undefined && dropped < (spec.drops ?? 1)) {
      drops.set(path, dropped + 1);
      res.write(body.subarray(0, spec.dropAfterBytes), () => res.socket?.destroy());
      return;
    }
    if (spec.stallAfterBytes !== undefined && !released) {
      res.write(body.subarray(0, spec.stallAfterBytes));
      const go = () => void finish(res, body.subarray(spec.stallAfterBytes));
      releases.push(go);
      res.on('close', () => (releases = releases.filter((r) => r !== go)));
      return;
    }
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    release() {
      released = true;
      for (const go of releases.splice(0)) go();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function finish(res: ServerResponse, rest: Buffer): void {
  if (!res.destroyed) res.end(rest);
}
