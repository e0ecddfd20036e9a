import type { ResultError } from '../../../electron/shared/result';

/**
 * `unreachable`: no connection has ever opened (host down, or the page's token was refused — the browser
 * cannot tell which). `reconnecting`: an open connection dropped. `no-token`: the page URL has no token.
 */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'unreachable' | 'no-token' | 'closed';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Failed attempts since the last successful open. */
  failures: number;
  /** Delay before the next attempt, while waiting to reconnect. */
  retryInMs?: number;
  /** The last error the host reported outside any request (error frame, failed subscription). */
  lastError?: ResultError;
}

/** The transport's health, for the UI. The Electron bridge is always `open`. */
export interface ConnectionMonitor {
  getState(): ConnectionState;
  subscribe(listener: (state: ConnectionState) => void): () => void;
  /** Skips the backoff wait and tries to connect now. */
  retryNow(): void;
}

export function staticConnection(state: ConnectionState): ConnectionMonitor {
  return { getState: () => state, subscribe: () => () => {}, retryNow: () => {} };
}
