import { DisposableStore, type Disposable } from './lifecycle';
import type { Logger } from './log/logger';

/** The core's start-up steps in the order they run; `CoreOptions.onStartupStep` hears each name before it runs. */
export const STARTUP_STEPS = [
  'events',
  'settings',
  'conversations',
  'usage',
  'packs',
  'approvals',
  'runs',
  'executor',
  'models',
  'selector',
  'services',
  'handlers',
] as const;
export type StartupStep = (typeof STARTUP_STEPS)[number];

/**
 * Runs start-up steps in order and owns what each one started. When a step throws, everything started
 * before it is disposed in reverse order (VS Code's lifecycle) and the step's error is rethrown.
 */
export class Startup {
  /** What the steps started; the core disposes it (in reverse order) when it stops. */
  readonly parts = new DisposableStore();
  private current: StartupStep | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly onStep?: (step: StartupStep) => void,
  ) {}

  async step<T>(name: StartupStep, start: () => T | Promise<T>): Promise<T> {
    this.current = name;
    this.onStep?.(name);
    return await start();
  }

  /** Registers something a step started, under a name the log uses when it stops. */
  own<T extends Disposable>(name: string, part: T): T {
    this.logger.debug('started', { part: name });
    this.parts.add({
      dispose: async () => {
        try {
          await part.dispose();
        } finally {
          this.logger.debug('stopped', { part: name });
        }
      },
    });
    return part;
  }

  /** Disposes what the finished steps started, then rethrows `error` (a failure while disposing is logged). */
  async abort(error: unknown): Promise<never> {
    this.logger.error('start-up failed', { step: this.current, error });
    try {
      await this.parts.dispose();
    } catch (disposing) {
      this.logger.error('cleaning up after a failed start-up failed too', { error: disposing });
    }
    throw error;
  }
}
