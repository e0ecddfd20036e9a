import { describe, expect, it } from 'vitest';
import { routes, type HandlerContext, type Handlers } from '../../shared/contract';
import { defaultSettings } from '../../shared/settings';
import { AppError } from '../../shared/result';
import { createLogger, memorySink } from '../log/logger';
import { createRouter } from './router';

const info = {
  name: 'Switchboard',
  version: '1.0.0',
  host: 'test' as const,
  platform: 'linux',
  arch: 'x64',
  versions: { node: '20' },
  paths: { home: '/h', settings: '/h/s.json', logs: '/h/logs' },
};

const unused = (): Promise<never> => Promise.reject(new Error('not used in this test'));

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    ...(Object.fromEntries(Object.keys(routes).map((route) => [route, unused])) as unknown as Handlers),
    'app.info': async () => info,
    'settings.get': async () => defaultSettings(),
    'settings.set': async () => defaultSettings(),
    'chat.send': async () => {
      throw new Error('not used');
    },
    'events.subscribe': async (input) => ({ events: input.events }),
    ...overrides,
  };
}

function ctx(signal = new AbortController().signal): HandlerContext {
  return { client: { id: 'c', setSubscriptions: () => undefined }, signal };
}

const logs = memorySink();
const logger = createLogger({ sinks: [logs] });

describe('router', () => {
  it('dispatches a valid request and returns its value', async () => {
    const result = await createRouter(handlers(), { logger }).dispatch('app.info', {}, ctx());
    expect(result).toEqual({ ok: true, value: info });
  });

  it('accepts an omitted empty input', async () => {
    const result = await createRouter(handlers(), { logger }).dispatch('settings.get', undefined, ctx());
    expect(result.ok).toBe(true);
  });

  it.each([['nope.route'], [42], [null], ['__proto__'], ['constructor']])('refuses unknown route %j', async (route) => {
    const result = await createRouter(handlers(), { logger }).dispatch(route, {}, ctx());
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ROUTE' } });
  });

  it('refuses input of the wrong shape with the failing path', async () => {
    const result = await createRouter(handlers(), { logger }).dispatch('settings.set', { appearance: { theme: 'purple' } }, ctx());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(result.error.message).toContain('appearance.theme');
  });

  it('refuses unknown fields (strict inputs)', async () => {
    const result = await createRouter(handlers(), { logger }).dispatch('app.info', { extra: 1 }, ctx());
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('turns an AppError into its code and data', async () => {
    const router = createRouter(handlers({ 'app.info': async () => Promise.reject(new AppError('NOT_FOUND', 'gone', { id: 1 })) }), { logger });
    expect(await router.dispatch('app.info', {}, ctx())).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'gone', data: { id: 1 } } });
  });

  it('turns an unexpected throw into INTERNAL and logs it', async () => {
    const router = createRouter(handlers({ 'app.info': async () => Promise.reject(new Error('boom')) }), { logger });
    expect(await router.dispatch('app.info', {}, ctx())).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(logs.records.some((r) => r.message === 'handler failed')).toBe(true);
  });

  it('refuses a handler output outside the contract', async () => {
    const bad = handlers({ 'app.info': async () => ({ name: 1 }) as never });
    expect(await createRouter(bad, { logger }).dispatch('app.info', {}, ctx())).toMatchObject({ ok: false, error: { code: 'INVALID_OUTPUT' } });
  });

  it('reports CANCELLED when the request was aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await createRouter(handlers(), { logger }).dispatch('app.info', {}, ctx(controller.signal))).toMatchObject({
      ok: false,
      error: { code: 'CANCELLED' },
    });
  });
});
