import WebSocket from 'ws';

/** A raw WebSocket client for host tests: send frames, await responses by id, collect events. */
export interface RawClient {
  ws: WebSocket;
  frames: unknown[];
  send(frame: unknown): void;
  request(route: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
  next(predicate: (frame: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export function openClient(url: string, headers: Record<string, string>): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const frames: unknown[] = [];
    const waiters: { predicate: (f: Record<string, unknown>) => boolean; done: (f: Record<string, unknown>) => void }[] = [];
    let nextId = 1;
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Record<string, unknown>;
      frames.push(frame);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(frame)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.done(frame);
        }
      }
    });
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
    ws.once('open', () => {
      const client: RawClient = {
        ws,
        frames,
        send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
        next: (predicate, timeoutMs = 5000) =>
          new Promise((done, fail) => {
            const found = frames.find((f) => predicate(f as Record<string, unknown>));
            if (found) return done(found as Record<string, unknown>);
            const timer = setTimeout(() => fail(new Error('timed out waiting for a frame')), timeoutMs);
            waiters.push({ predicate, done: (f) => (clearTimeout(timer), done(f)) });
          }),
        request: async (route, input) => {
          const id = nextId++;
          client.send({ type: 'request', id, route, input });
          const frame = await client.next((f) => f.type === 'response' && f.id === id);
          return frame.result as Awaited<ReturnType<RawClient['request']>>;
        },
        close: () =>
          new Promise((done) => {
            if (ws.readyState === ws.CLOSED) return done();
            ws.once('close', () => done());
            ws.close();
          }),
      };
      resolve(client);
    });
  });
}
