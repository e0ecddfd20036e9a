import { describe, expect, it } from 'vitest';
import { eventNames, events, isEventName, isRouteName, routes, type Handlers } from './contract';

describe('contract', () => {
  it('names routes resource first, verb last, in dot case', () => {
    for (const name of Object.keys(routes)) expect(name).toMatch(/^[a-z]+(\.[a-z][a-zA-Z]*)+$/);
  });

  it('has one schema per event name', () => {
    expect(Object.keys(events).sort()).toEqual([...eventNames].sort());
  });

  it('does not treat prototype keys as routes or events', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(isRouteName(name)).toBe(false);
      expect(isEventName(name)).toBe(false);
    }
  });

  it('makes a missing handler a compile error', () => {
    // @ts-expect-error -- 'chat.send' and the others are missing: Handlers demands every route.
    const partial: Handlers = { 'app.info': async () => undefined as never };
    expect(partial).toBeDefined();
  });
});
