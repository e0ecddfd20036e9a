import { afterEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../test/helpers/temp-home';
import { createCore } from './create-core';
import { createLocalClient } from './ipc/local-client';
import { memorySink } from './log/logger';
import { STARTUP_STEPS, type StartupStep } from './startup';

/** What each step starts and registers for disposal, by the name its log records use. */
const OWNS: Record<StartupStep, string[]> = {
  events: ['events'],
  settings: [],
  conversations: ['conversations'],
  // The checker process starts once the usage step is done, before the packs step, so it loads the
  // compiler while the packs load (startEngine's first act).
  usage: ['usage', 'verifier'],
  packs: ['packs', 'registry events'],
  approvals: [],
  runs: ['run records'],
  executor: ['executor'],
  models: ['models'],
  selector: ['selector'],
  services: ['feedback'],
  handlers: [],
};

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('createCore start-up', () => {
  it.each(STARTUP_STEPS)('when the %s step throws, what the earlier steps started is disposed in reverse order', async (failing) => {
    const home = await tempHome();
    cleanup = home.cleanup;
    const logs = memorySink();
    const failure = new Error(`the ${failing} step failed on purpose`);
    const seen: StartupStep[] = [];
    const options = { host: 'test' as const, home: home.dir, env: {}, appVersion: '0', logSinks: [logs], logLevel: 'debug' as const };
    const start = createCore({
      ...options,
      onStartupStep: (step) => {
        seen.push(step);
        if (step === failing) throw failure;
      },
    });
    await expect(start).rejects.toBe(failure);

    const index = STARTUP_STEPS.indexOf(failing);
    expect(seen).toEqual(STARTUP_STEPS.slice(0, index + 1));
    const parts = (message: string) =>
      logs.records.filter((r) => r.scope === 'core.startup' && r.message === message).map((r) => (r.fields as { part?: string } | undefined)?.part);
    const expected = STARTUP_STEPS.slice(0, index).flatMap((step) => OWNS[step]);
    expect(parts('started')).toEqual(expected);
    expect(parts('stopped')).toEqual([...expected].reverse());
    expect(logs.records.find((r) => r.message === 'start-up failed')?.fields).toMatchObject({ step: failing });
    expect(logs.records.some((r) => r.message === 'core started')).toBe(false);

    // Nothing of the failed start holds the data folder: a core starts on it and answers.
    const again = await createCore(options);
    try {
      expect(await createLocalClient(again).request('app.info', {})).toMatchObject({ ok: true, value: { paths: { home: home.dir } } });
    } finally {
      await again.dispose();
    }
  });

  it('disposes every part in reverse order when a started core stops', async () => {
    const home = await tempHome();
    cleanup = home.cleanup;
    const logs = memorySink();
    const core = await createCore({ host: 'test', home: home.dir, env: {}, appVersion: '0', logSinks: [logs], logLevel: 'debug' });
    await core.dispose();
    const parts = (message: string) =>
      logs.records.filter((r) => r.scope === 'core.startup' && r.message === message).map((r) => (r.fields as { part?: string } | undefined)?.part);
    const all = STARTUP_STEPS.flatMap((step) => OWNS[step]);
    expect(parts('started')).toEqual(all);
    expect(parts('stopped')).toEqual([...all].reverse());
    expect(core.bus.listenerCount).toBe(0);
  });
});
