import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/result';
import {
  CONNECT_MS,
  callOptions,
  connectFixture,
  fixtureChildren,
  fixtureProcesses,
  fixtureSpec,
  isAlive,
  testLogger,
  waitFor,
} from '../../../../test/fixtures/mcp/harness';
import { connectMcpPack, type McpPack } from './mcp-pack';

// Servers that hang, die at start, crash mid-call or keep crashing: the pack must fail fast and clean up.
const processes = fixtureProcesses();
afterAll(async () => {
  await waitFor(() => processes.alive().length === 0, 5000, 'no fixture process left').catch(() => undefined);
  expect(processes.alive()).toEqual([]);
  expect(fixtureChildren()).toEqual([]);
  processes.cleanup();
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('connecting', () => {
  it('rejects within connectTimeoutMs, naming the command, when the server never answers initialize', async () => {
    const started = Date.now();
    const error = await rejection(
      connectMcpPack({
        spec: fixtureSpec({ MCP_FIXTURE_PID_FILE: processes.file, MCP_FIXTURE_MODE: 'hang' }),
        module: 'hung',
        pack: 'mcp-hung',
        logger: testLogger().logger,
        connectTimeoutMs: 1500,
      }),
    );
    expect(Date.now() - started).toBeLessThan(1500 + 1500);
    expect(isAppError(error) && error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/did not answer initialize within 1500 ms/);
    expect(error.message).toContain('server.ts');
    // The hung child was killed, not left behind (it may not even have booted far enough to write its pid).
    await waitFor(() => fixtureChildren().length === 0 && processes.alive().length === 0, 3000, 'the hung server to be gone');
  });

  it('rejects with the server stderr when the server exits before initializing', async () => {
    const error = await rejection(
      connectMcpPack({
        spec: fixtureSpec({ MCP_FIXTURE_MODE: 'exit-at-start' }),
        module: 'quitter',
        pack: 'mcp-quitter',
        logger: testLogger().logger,
        connectTimeoutMs: CONNECT_MS,
      }),
    );
    expect(error.message).toMatch(/exited before it finished initializing/);
    expect(error.message).toContain('refusing to start');
  });

  it('names the cause when the server sends a message past the 10 MB read buffer (issue 18: it said only "Connection closed")', async () => {
    const error = await rejection(
      connectMcpPack({
        spec: fixtureSpec({ MCP_FIXTURE_PID_FILE: processes.file, MCP_FIXTURE_MODE: 'oversized-message' }),
        module: 'flood',
        pack: 'mcp-flood',
        logger: testLogger().logger,
        connectTimeoutMs: CONNECT_MS,
      }),
    );
    expect(isAppError(error) && error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/the server sent a message larger than 10485760 bytes \(10 MB, the most one MCP message may hold here\)/);
  });

  it('rejects at once when the command does not exist', async () => {
    const error = await rejection(
      connectMcpPack({
        spec: { kind: 'stdio', command: 'switchboard-no-such-mcp-server', args: ['--x'] },
        module: 'missing',
        pack: 'mcp-missing',
        logger: testLogger().logger,
      }),
    );
    expect(error.message).toMatch(/switchboard-no-such-mcp-server --x.*ENOENT/);
  });

  it('rejects a module name that is not an identifier', async () => {
    const error = await rejection(connectMcpPack({ spec: fixtureSpec(), module: 'Bad-Name', pack: 'x', logger: testLogger().logger }));
    expect(isAppError(error) && error.code).toBe('INVALID_INPUT');
  });

  it('gives up connecting when its signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const error = await rejection(
      connectMcpPack({
        spec: fixtureSpec({ MCP_FIXTURE_PID_FILE: processes.file, MCP_FIXTURE_MODE: 'hang' }),
        module: 'aborted',
        pack: 'mcp-aborted',
        logger: testLogger().logger,
        connectTimeoutMs: CONNECT_MS,
        signal: controller.signal,
      }),
    );
    expect(isAppError(error) && error.code).toBe('CANCELLED');
    await waitFor(() => fixtureChildren().length === 0, 3000, 'the server to be gone');
  });
});

describe('crashes', () => {
  it('fails the in-flight call with PACK_CRASHED, restarts the server and serves calls again', async () => {
    const log = testLogger();
    const pack: McpPack = await connectFixture(processes.file, {
      logger: log.logger,
      restart: { maxRetries: 3, baseDelayMs: 50 },
    });
    try {
      const first = (await pack.call('processInfo', {}, callOptions())) as { value: { pid: number } };
      const started = Date.now();
      const crashed = await pack.call('crash', {}, callOptions({ timeoutMs: 20_000 }));
      expect(crashed).toEqual({ ok: false, error: { code: 'PACK_CRASHED', message: expect.any(String) } });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(pack.state).toBe('restarting');
      expect(isAlive(first.value.pid)).toBe(false);

      // A call made while restarting waits for the new server instead of failing.
      const echoed = await pack.call('echoText', { text: 'again' }, callOptions({ timeoutMs: CONNECT_MS }));
      expect(echoed).toEqual({ ok: true, value: { content: [{ type: 'text', text: 'again' }] } });
      expect(pack.state).toBe('running');
      const second = (await pack.call('processInfo', {}, callOptions())) as { value: { pid: number } };
      expect(second.value.pid).not.toBe(first.value.pid);
      expect(pack.documents()).toHaveLength(10);
      expect(log.records.some((r) => r.message === 'MCP server exited unexpectedly')).toBe(true);
    } finally {
      await pack.dispose();
    }
  });

  it('re-lists tools after a restart, dropping tools the old process had added', async () => {
    const pack = await connectFixture(processes.file, {
      restart: { maxRetries: 2, baseDelayMs: 20 },
    });
    try {
      const seen: string[][] = [];
      pack.onDocumentsChanged((docs) => seen.push(docs.map((d) => d.name)));
      await pack.call('addTool', { name: 'temporary' }, callOptions());
      await waitFor(() => seen.length === 1, 10_000, 'list_changed');
      expect(seen[0]).toContain('fixture.temporary');
      await pack.call('crash', {}, callOptions());
      await waitFor(() => pack.state === 'running' && seen.length === 2, CONNECT_MS, 'restart and re-list');
      expect(seen[1]).not.toContain('fixture.temporary');
      expect(await pack.call('temporary', {}, callOptions())).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    } finally {
      await pack.dispose();
    }
  });

  it('ends in state failed when the server keeps crashing, and calls report PACK_CRASHED', async () => {
    const log = testLogger();
    const pack = await connectMcpPack({
      spec: fixtureSpec({ MCP_FIXTURE_PID_FILE: processes.file, MCP_FIXTURE_MODE: 'crash-after-start' }),
      module: 'flaky',
      pack: 'mcp-flaky',
      logger: log.logger,
      connectTimeoutMs: CONNECT_MS,
      restart: { maxRetries: 2, baseDelayMs: 20 },
    });
    try {
      const states = new Set<string>();
      await waitFor(
        () => {
          states.add(pack.state);
          return pack.state === 'failed';
        },
        60_000,
        'state failed',
      );
      expect(states.has('restarting')).toBe(true);
      // The first process plus two restarts, each crashed.
      expect(processes.pids().length).toBeGreaterThanOrEqual(3);
      expect(await pack.call('echoText', { text: 'x' }, callOptions())).toMatchObject({ ok: false, error: { code: 'PACK_CRASHED' } });
      const restarts = log.records.filter((r) => r.message === 'restarting MCP server').map((r) => (r.fields as { delayMs: number }).delayMs);
      expect(restarts).toEqual([20, 40]);
      expect(log.records.some((r) => r.level === 'error' && r.message.includes('restarts exhausted'))).toBe(true);
    } finally {
      await pack.dispose();
    }
    expect(pack.state).toBe('stopped');
  });

  it('dispose during a restart leaves no process behind and stops restarting', async () => {
    const pack = await connectFixture(processes.file, {
      restart: { maxRetries: 3, baseDelayMs: 1 },
    });
    const before = processes.pids().length;
    await pack.call('crash', {}, callOptions());
    // Wait until the replacement process has started (it writes its pid), then dispose mid-initialize.
    await waitFor(() => processes.pids().length > before, CONNECT_MS, 'the replacement process');
    await pack.dispose();
    expect(pack.state).toBe('stopped');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(pack.state).toBe('stopped');
    expect(processes.pids().slice(before).filter(isAlive)).toEqual([]);
  });
});
