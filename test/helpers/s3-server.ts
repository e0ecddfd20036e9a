import { request as httpRequest, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';
import { tempHome } from './temp-home';

/** A real S3-compatible server on 127.0.0.1 (s3rver) with one bucket, and the LanceDB storage options to reach it. */
export interface TestS3 {
  /** Through the conditional-PUT front (what LanceDB needs; see startS3). */
  endpoint: string;
  /** s3rver itself, without the front. */
  rawEndpoint: string;
  bucket: string;
  storageOptions: Record<string, string>;
  /** Requests the front has seen, by kind (GET, HEAD, PUT, POST, DELETE, LIST): what a bill would count. */
  requests: Record<string, number>;
  close(): Promise<void>;
}

/**
 * Starts s3rver 3.7.1 on 127.0.0.1 behind a small front that gives PUT the `If-None-Match: *` semantics S3 has
 * had since 2024 (412 when the key exists): s3rver ignores the header on PUT, and LanceDB writes every table
 * version's manifest with it, so without the front two commits of one version would both "succeed".
 */
export async function startS3(bucket = 'switchboard-test'): Promise<TestS3> {
  const { dir, cleanup } = await tempHome('switchboard-s3-');
  const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await s3.run();
  const locks = new Map<string, Promise<unknown>>();
  const forward = (req: IncomingMessage, res: ServerResponse, body?: Buffer): Promise<number> =>
    new Promise((resolve, reject) => {
      const upstream = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
        reply.on('end', () => resolve(reply.statusCode ?? 502));
      });
      upstream.on('error', reject);
      if (body) upstream.end(body);
      else req.pipe(upstream);
    });
  // Anonymous HEAD straight to s3rver (the signed request's signature would not match another method).
  const exists = (path: string): Promise<boolean> =>
    new Promise((resolve, reject) => {
      const head = httpRequest({ host: '127.0.0.1', port, method: 'HEAD', path }, (reply) => {
        reply.resume();
        resolve(reply.statusCode === 200);
      });
      head.on('error', reject);
      head.end();
    });
  const requests: Record<string, number> = {};
  const front = createServer((req, res) => {
    const kind = req.method === 'GET' && /[?&]list-type=/.test(req.url ?? '') ? 'LIST' : (req.method ?? 'OTHER');
    requests[kind] = (requests[kind] ?? 0) + 1;
    if (req.method !== 'PUT' || req.headers['if-none-match'] !== '*') {
      forward(req, res).catch(() => res.destroy());
      return;
    }
    // One conditional PUT per key at a time: the existence check and the write are atomic to every client.
    const key = (req.url ?? '').split('?')[0]!;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const run = async (): Promise<void> => {
        if (await exists(key)) {
          res.writeHead(412, { 'content-type': 'application/xml' });
          res.end(
            '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>',
          );
          return;
        }
        await forward(req, res, Buffer.concat(chunks));
      };
      const previous = locks.get(key) ?? Promise.resolve();
      const next = previous.then(run, run).catch(() => res.destroy());
      locks.set(key, next);
      void next.finally(() => locks.get(key) === next && locks.delete(key));
    });
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  return {
    endpoint,
    rawEndpoint: `http://127.0.0.1:${port}`,
    bucket,
    requests,
    storageOptions: { endpoint, allow_http: 'true', region: 'us-east-1', aws_access_key_id: 'S3RVER', aws_secret_access_key: 'S3RVER' },
    close: async () => {
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await s3.close();
      await cleanup();
    },
  };
}
