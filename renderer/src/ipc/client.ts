import type { SwitchboardBridge } from '../../../electron/shared/contract';
import { fail } from '../../../electron/shared/result';
import { staticConnection, type ConnectionMonitor } from './connection';
import { createWsBridge } from './ws-client';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in the browser host. */
    readonly switchboard?: SwitchboardBridge;
  }
}

export interface Transport {
  bridge: SwitchboardBridge;
  connection: ConnectionMonitor;
}

let transport: Transport | undefined;

/** The bridge to core: the preload's in Electron, a WebSocket client in the browser host. */
export function getBridge(): SwitchboardBridge {
  return getTransport().bridge;
}

export function getConnection(): ConnectionMonitor {
  return getTransport().connection;
}

function getTransport(): Transport {
  transport ??= createTransport();
  return transport;
}

function createTransport(): Transport {
  if (window.switchboard) {
    return { bridge: window.switchboard, connection: staticConnection({ status: 'open', failures: 0 }) };
  }
  const token = new URLSearchParams(window.location.search).get('token');
  if (!token) {
    return { bridge: unavailableBridge('this page was opened without an access token'), connection: staticConnection({ status: 'no-token', failures: 0 }) };
  }
  const bridge = createWsBridge({ url: socketUrl(window.location, token), WebSocket });
  return { bridge, connection: bridge.connection };
}

/** The browser host serves the page at /?token=T and the socket at /ws?token=T on the same origin. */
export function socketUrl(location: { protocol: string; host: string }, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws?token=${encodeURIComponent(token)}`;
}

function unavailableBridge(message: string): SwitchboardBridge {
  return {
    request: async () => fail('UNAVAILABLE', message),
    on: () => () => {},
  };
}
