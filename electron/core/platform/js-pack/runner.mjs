// Runs one JavaScript pack in a child process started by js-pack-runtime.ts under Node's permission
// model. Plain JavaScript (.mjs) so it needs no loader. argv[2]: { main, hosts, maxResultBytes }.
import { Buffer } from 'node:buffer';
import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';
import process from 'node:process';
import { pathToFileURL, URL } from 'node:url';

const config = JSON.parse(process.argv[2]);
const send = (message) => {
  if (process.connected) process.send(message, undefined, {}, () => undefined);
};
process.on('disconnect', () => process.exit(0));

// Network guard: DEFENCE IN DEPTH, NOT AN OS BOUNDARY. Node 20's permission model cannot restrict
// sockets, so these wrappers only stop well-behaved code (fetch, http(s), net, tls, http2, dgram) from
// reaching hosts the manifest does not list; DNS lookups and native tricks are not covered.
const allowed = new Set(config.hosts.map((host) => host.toLowerCase()));
const hostAllowed = (host, port) => {
  const name = String(host ?? 'localhost')
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return allowed.has(name) || allowed.has(`${name}:${port}`);
};
const denied = (resource) =>
  Object.assign(new Error(`network access to ${resource} is not in the pack's permissions`), { code: 'ERR_ACCESS_DENIED', permission: 'Network', resource });
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options =
    typeof first === 'object' && first !== null
      ? first
      : typeof first === 'string' && Number.isNaN(Number(first))
        ? { path: first }
        : { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
  // Truthy, as net itself decides between a local socket and TCP.
  const resource = options.path ? `local socket ${options.path}` : `${options.host ?? 'localhost'}:${options.port}`;
  if (options.path || !hostAllowed(options.host, options.port)) {
    process.nextTick(() => this.destroy(denied(resource)));
    return this;
  }
  return connect.apply(this, args);
};
const realFetch = globalThis.fetch;
globalThis.fetch = async function guardedFetch(input, init) {
  const url = new URL(typeof input === 'object' && input !== null && 'url' in input ? input.url : String(input));
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (!hostAllowed(url.hostname, port)) throw denied(url.host);
  return realFetch(input, init);
};
dgram.createSocket = () => {
  throw denied('udp');
};
// `new dgram.Socket(...)` skips createSocket: its methods refuse too.
for (const method of ['bind', 'send', 'connect']) {
  dgram.Socket.prototype[method] = function guardedUdp() {
    throw denied('udp');
  };
}
// DNS lookups leak data through the resolver: only listed hosts (with any port) resolve.
const nameListed = (host) => {
  const name = String(host).toLowerCase();
  return [...allowed].some((entry) => entry === name || entry.startsWith(`${name}:`));
};
const lookupGuard = (original) =>
  function guardedLookup(host, ...rest) {
    if (!nameListed(host)) {
      const callback = rest.find((arg) => typeof arg === 'function');
      const error = denied(`dns ${host}`);
      if (callback) return void process.nextTick(() => callback(error));
      return Promise.reject(error);
    }
    return original.call(this, host, ...rest);
  };
const resolverMethods = [
  'lookup',
  'lookupService',
  'resolve',
  'resolve4',
  'resolve6',
  'resolveAny',
  'resolveCname',
  'resolveMx',
  'resolveNs',
  'resolveTxt',
  'resolveSrv',
  'resolvePtr',
  'resolveNaptr',
  'resolveSoa',
  'reverse',
];
for (const target of [dns, dns.promises, dns.Resolver.prototype, dns.promises.Resolver.prototype]) {
  for (const method of resolverMethods) if (typeof target[method] === 'function') target[method] = lookupGuard(target[method]);
}

// Signals: a pack may not signal any process but itself (the core is its parent). Node 20's
// permission model does not cover process.kill, so both the public call and its binding refuse.
const ownKill = process.kill.bind(process);
const signalGuard = (pid, signal) => {
  if (Number(pid) !== process.pid)
    throw Object.assign(new Error(`signalling process ${pid} is not allowed to packs`), {
      code: 'ERR_ACCESS_DENIED',
      permission: 'Signal',
      resource: `pid ${pid}`,
    });
  return ownKill(pid, signal);
};
for (const name of ['kill', '_kill']) Object.defineProperty(process, name, { value: signalGuard, writable: false, configurable: false });

const callError = (error) => {
  for (let e = error, depth = 0; e && depth < 5; e = e.cause, depth += 1) {
    if (e.code === 'ERR_ACCESS_DENIED') {
      return { code: 'PERMISSION_DENIED', message: `permission denied: ${e.permission ?? 'access'} ${e.resource ?? ''} (${e.message})` };
    }
  }
  return { code: 'API_ERROR', message: String(error?.message ?? error).slice(0, 4000) };
};

let pack;
try {
  pack = await import(pathToFileURL(config.main).href);
} catch (error) {
  const { message } = callError(error);
  send({ type: 'load-error', message: String(error?.stack ?? message).slice(0, 4000) });
  process.disconnect();
}

if (pack) {
  const running = new Map();
  process.on('message', async (message) => {
    if (message?.type === 'cancel') running.get(message.id)?.abort();
    if (message?.type !== 'call') return;
    const { id, verb, args, roots } = message;
    const controller = new globalThis.AbortController();
    running.set(id, controller);
    try {
      if (typeof pack[verb] !== 'function') throw new Error(`the pack exports no function ${verb}`);
      const log = (text) => send({ type: 'log', message: String(text).slice(0, 4000) });
      const value = (await pack[verb](args, { roots, log, signal: controller.signal })) ?? null;
      let json;
      try {
        json = JSON.stringify(value);
      } catch (error) {
        throw new Error(`${verb} returned a value that is not JSON-serialisable (${error.message})`);
      }
      if (json === undefined) throw new Error(`${verb} returned a value that is not JSON-serialisable`);
      if (Buffer.byteLength(json) > config.maxResultBytes) throw new Error(`${verb} returned more than ${config.maxResultBytes} bytes`);
      send({ type: 'result', id, ok: true, value: JSON.parse(json) });
    } catch (error) {
      send({ type: 'result', id, ok: false, error: callError(error) });
    } finally {
      running.delete(id);
    }
  });
  send({ type: 'ready', verbs: Object.keys(pack).filter((key) => typeof pack[key] === 'function') });
}
