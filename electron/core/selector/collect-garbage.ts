import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

/**
 * Runs a full garbage collection now. A bulk load leaves tens of MB of dead Arrow and IPC buffers that
 * V8 would free only at its next major collection, on top of which the index build then allocates:
 * collecting them first keeps the rebuild's peak lower (the selector's memory target at 100k APIs).
 * `gc` is exposed at run time (the V8 flag, then a fresh context to read it from), once per process.
 * Returns false where it cannot be had.
 */
export function collectGarbage(): boolean {
  if (gc === undefined) {
    try {
      const existing = (globalThis as { gc?: () => void }).gc;
      if (existing) gc = existing;
      else {
        setFlagsFromString('--expose-gc');
        gc = runInNewContext('gc') as () => void;
      }
    } catch {
      gc = null;
    }
  }
  gc?.();
  return gc !== null && gc !== undefined;
}
