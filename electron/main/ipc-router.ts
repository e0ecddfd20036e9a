import type { ClientConnection } from '../core/ipc/client-connection';
import { fail, type Result } from '../shared/result';
import { clientFrameSchema } from '../shared/wire';
import { isTrustedSender, type AppOrigin, type SenderInfo } from './security';

export interface IpcRouterDeps {
  origin: AppOrigin;
  appWindowIds: ReadonlySet<number>;
  /** The connection of the sending window, if it has one. */
  connectionFor(webContentsId: number): ClientConnection | undefined;
}

/**
 * Handles one `switchboard:request` from a renderer: sender check, then frame shape, then the core
 * router (which validates the input against the contract). Always resolves to a Result, because
 * Electron drops everything but `message` from a rejected invoke.
 */
export async function handleIpcRequest(deps: IpcRouterDeps, sender: SenderInfo, message: unknown): Promise<Result<unknown>> {
  if (!isTrustedSender(sender, deps.origin, deps.appWindowIds)) {
    return fail('FORBIDDEN_SENDER', 'this frame may not talk to Switchboard');
  }
  const connection = deps.connectionFor(sender.webContentsId);
  if (!connection) return fail('UNAVAILABLE', 'the window is not connected');
  const frame = clientFrameSchema.safeParse(message);
  if (!frame.success || frame.data.type !== 'request') return fail('MALFORMED_MESSAGE', 'expected { type: "request", id, route, input }');
  return connection.request(frame.data.id, frame.data.route, frame.data.input);
}

/** Handles `switchboard:cancel`; untrusted senders and malformed frames are ignored. */
export function handleIpcCancel(deps: IpcRouterDeps, sender: SenderInfo, message: unknown): void {
  if (!isTrustedSender(sender, deps.origin, deps.appWindowIds)) return;
  const frame = clientFrameSchema.safeParse(message);
  if (frame.success && frame.data.type === 'cancel') deps.connectionFor(sender.webContentsId)?.cancel(frame.data.id);
}
