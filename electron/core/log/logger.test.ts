import { describe, expect, it } from 'vitest';
import { createLogger, memorySink } from './logger';
import { REDACTED, redact } from './redact';

describe('logger', () => {
  it('redacts secret-named fields at any depth and secret-looking values in strings', () => {
    const sink = memorySink();
    const logger = createLogger({ sinks: [sink], now: () => new Date(0) });
    logger.info('calling with sk-abcdefghijklmnop1234', {
      apiKey: 'sk-live-123456789',
      nested: { authorization: 'Bearer abcdefghijkl', password: 'hunter2', plain: 'ok' },
      list: [{ token: 't' }],
    });
    const [record] = sink.records;
    expect(record?.message).toBe(`calling with ${REDACTED}`);
    expect(record?.fields).toEqual({
      apiKey: REDACTED,
      nested: { authorization: REDACTED, password: REDACTED, plain: 'ok' },
      list: [{ token: REDACTED }],
    });
    expect(JSON.stringify(sink.records)).not.toMatch(/hunter2|sk-live|abcdefghijkl/);
  });

  it('filters by level and scopes child loggers', () => {
    const sink = memorySink();
    const logger = createLogger({ sinks: [sink], level: 'warn' });
    logger.info('hidden');
    logger.child('web').warn('shown');
    expect(sink.records.map((r) => [r.scope, r.message])).toEqual([['core.web', 'shown']]);
  });

  it('survives a failing sink and cyclic-looking deep values', () => {
    const sink = memorySink();
    const logger = createLogger({
      sinks: [
        () => {
          throw new Error('disk full');
        },
        sink,
      ],
    });
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 20; i++) deep = (deep.next = {}) as Record<string, unknown>;
    expect(() => logger.error('x', { root })).not.toThrow();
    expect(sink.records).toHaveLength(1);
    expect(JSON.stringify(redact(root))).toContain('[depth]');
  });
});
