import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS } from '../shared/channels';

// Exposes exactly request(route, input) and on(event, listener); nothing else crosses the bridge.
// Types are checked in the renderer's client against SwitchboardBridge; this file stays dependency-free.

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();
let nextId = 0;

function request(route: string, input: unknown): Promise<unknown> {
  return ipcRenderer.invoke(IPC_CHANNELS.request, { type: 'request', id: nextId++, route, input });
}

function subscribe(): void {
  void request('events.subscribe', { events: [...listeners.keys()] });
}

ipcRenderer.on(IPC_CHANNELS.event, (_event, message: { event: string; payload: unknown }) => {
  for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
});

function on(event: string, listener: Listener): () => void {
  const set = listeners.get(event) ?? new Set<Listener>();
  const wasNew = !listeners.has(event);
  set.add(listener);
  listeners.set(event, set);
  if (wasNew) subscribe();
  return () => {
    set.delete(listener);
    if (set.size === 0 && listeners.delete(event)) subscribe();
  };
}

contextBridge.exposeInMainWorld('switchboard', Object.freeze({ request, on }));
