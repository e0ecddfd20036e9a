// Runs one action program in QuickJS (WebAssembly, asyncify build) inside a worker thread started by
// sandbox-host.ts. Plain JavaScript (.mjs) so it needs no loader. The host can terminate() it at any time.
// Protocol: host → { type: 'run', code, modules, attachments, limits } | { type: 'reply', id, outcome };
// worker → ready | call { id, name, args } | log { text } | done { ok, value?, error? }.
import process from 'node:process';
import { parentPort } from 'node:worker_threads';
import { newQuickJSAsyncWASMModule } from 'quickjs-emscripten';
import { INTL_PRELUDE, intlHost } from './sandbox-intl.mjs';

const port = parentPort;
const modulePromise = newQuickJSAsyncWASMModule();

// The guest prelude: takes the raw host functions away from the global scope, builds one frozen
// namespace per module, `log`, `attachments`, and removes eval and the Function constructors.
const PRELUDE = `(() => {
  const call = globalThis.__sb_call, emit = globalThis.__sb_log, done = globalThis.__sb_done;
  delete globalThis.__sb_call; delete globalThis.__sb_log; delete globalThis.__sb_done;
  const stringify = JSON.stringify, parse = JSON.parse, freeze = Object.freeze, define = Object.defineProperty, Reflect_getPrototypeOf = Reflect.getPrototypeOf;
  class ApiCallError extends Error {
    constructor(api, code, message) { super(message); this.name = 'ApiCallError'; this.api = api; this.code = code; }
  }
  define(globalThis, 'ApiCallError', { value: ApiCallError });
  // Errors carry a source the program cannot set: only failures the host reported are trusted for their code
  // (a program's own new ApiCallError(x, 'CANCELLED') stays a program error), and only errors the engine
  // raised (InternalError, whose constructor the program never sees) may be read as a memory or stack limit.
  // The checks use intrinsics captured here, so a program that replaces WeakSet.prototype.has or adds
  // Symbol.hasInstance cannot pass them; the host checks the code again against the failures it issued.
  const genuine = new WeakSet(), apply = Reflect.apply, has = WeakSet.prototype.has, add = WeakSet.prototype.add;
  const protoOf = Object.getPrototypeOf, EngineError = globalThis.InternalError;
  const engineProto = EngineError ? EngineError.prototype : undefined;
  if (EngineError) { delete globalThis.InternalError; define(engineProto, 'constructor', { value: undefined }); }
  // The engine's error prototype is never handed to the program, so it cannot build (Object.create,
  // setPrototypeOf, __proto__) an object that looks like an error the engine raised.
  const hide = (p) => (p === engineProto ? Error.prototype : p);
  const protoGetter = Object.getOwnPropertyDescriptor(Object.prototype, '__proto__');
  define(Object, 'getPrototypeOf', { value: (o) => hide(protoOf(o)), writable: true, configurable: true });
  define(Reflect, 'getPrototypeOf', { value: (o) => hide(Reflect_getPrototypeOf(o)), writable: true, configurable: true });
  if (protoGetter && protoGetter.get) { const get = protoGetter.get; define(Object.prototype, '__proto__', { get() { return hide(apply(get, this, [])); }, set: protoGetter.set, configurable: true }); }
  const make = (name) => async (args) => {
    const outcome = parse(await call(name, args === undefined ? '{}' : stringify(args)));
    if (outcome.ok) return outcome.value;
    const error = new ApiCallError(name, outcome.error.code, outcome.error.message);
    apply(add, genuine, [error]);
    throw freeze(error);
  };
  const modules = parse(globalThis.__sb_modules); delete globalThis.__sb_modules;
  for (const module of Object.keys(modules)) {
    const ns = {};
    for (const verb of modules[module]) ns[verb] = make(module + '.' + verb);
    define(globalThis, module, { value: freeze(ns) });
  }
  const show = (x) => { if (typeof x === 'string') return x; try { const s = stringify(x); return s === undefined ? String(x) : s; } catch { return String(x); } };
  define(globalThis, 'log', { value: (...items) => emit(items.map(show).join(' ')) });
  const attachments = parse(globalThis.__sb_attachments); delete globalThis.__sb_attachments;
  define(globalThis, 'attachments', { value: freeze(attachments.map((a) => freeze(a))) });
  delete globalThis.eval;
  const kill = (proto) => define(proto, 'constructor', { value: undefined });
  kill(Function.prototype);
  kill(Object.getPrototypeOf(async function () {}));
  kill(Object.getPrototypeOf(function* () {}));
  kill(Object.getPrototypeOf(async function* () {}));
  const finish = (value) => { let json; try { json = stringify(value === undefined ? null : value); } catch (e) { return done(false, 'RESULT_NOT_JSON', 'the returned value cannot be converted to JSON: ' + e.message); } done(true, json === undefined ? 'null' : json); };
  const fail = (e) => {
    const object = e !== null && (typeof e === 'object' || typeof e === 'function');
    if (object && apply(has, genuine, [e])) return done(false, e.code, e.api + ': ' + e.message);
    let message, stack = '';
    try { message = object ? String(e.name || 'Error') + ': ' + String(e.message) : 'thrown: ' + show(e); stack = object && typeof e.stack === 'string' ? e.stack : ''; }
    catch { message = 'thrown: an object whose message cannot be read'; }
    done(false, 'PROGRAM_ERROR', message, stack, Boolean(object && engineProto && protoOf(e) === engineProto));
  };
  return { finish, fail };
})()`;

function classify(error, limits) {
  const text = `${error?.name ?? ''}: ${error?.message ?? String(error)}`;
  if (/interrupted/i.test(text)) return { code: 'LIMIT_EXCEEDED', message: `the program ran longer than ${limits.wallMs} ms of computation (time limit)` };
  if (/out of memory/i.test(text))
    return { code: 'LIMIT_EXCEEDED', message: `the program used more than ${limits.memoryBytes} bytes of memory (memory limit)` };
  if (/string too long|invalid array length/i.test(text))
    return { code: 'LIMIT_EXCEEDED', message: `the program built a string or array too large for the sandbox (memory limit)` };
  if (/stack overflow|too much recursion|Maximum call stack/i.test(text))
    return { code: 'LIMIT_EXCEEDED', message: `the program recursed deeper than the ${limits.stackBytes}-byte stack allows (stack limit)` };
  return { code: 'PROGRAM_ERROR', message: text, stack: typeof error?.stack === 'string' ? error.stack : '' };
}

/** One run's state, shared by the steps below. */
function newRunState(QuickJS, limits) {
  // A context made by the module owns its runtime; runtime.newContext() trips a HostRef bug on dispose in 0.32.
  const ctx = QuickJS.newContext();
  ctx.runtime.setMemoryLimit(limits.memoryBytes);
  ctx.runtime.setMaxStackSize(limits.stackBytes);
  // The deadline counts guest computation only; time spent waiting on host calls is added back.
  return {
    ctx,
    runtime: ctx.runtime,
    limits,
    deadline: Date.now() + limits.wallMs,
    outcome: undefined,
    pending: new Map(),
    issued: new Set(),
    nextId: 0,
    calls: 0,
    logBytes: 0,
    interrupts: 0,
    heapNearLimit: false,
  };
}

/** The first outcome wins: a limit, the program's result or its failure. */
function settle(state, result) {
  if (!state.outcome) state.outcome = result;
}

function fail(state, error) {
  settle(state, { ok: false, error: classify(error, state.limits) });
}

// Out of memory, QuickJS often cannot even allocate its error and the program sees `null` thrown. The
// interrupt handler samples the heap now and then, so a null thrown after the heap came near the limit
// is reported as the memory limit it is (a program's own `throw null` on a small heap stays its error).
function watchLimits(state) {
  const { runtime, ctx, limits } = state;
  runtime.setInterruptHandler(() => {
    state.interrupts += 1;
    if (!state.heapNearLimit && state.interrupts % 16 === 0) {
      try {
        const usage = runtime.computeMemoryUsage();
        state.heapNearLimit = ctx.dump(usage).memory_used_size >= limits.memoryBytes / 2;
        usage.dispose();
      } catch {
        state.heapNearLimit = true;
      }
    }
    if (state.outcome === undefined && Date.now() > state.deadline) {
      state.outcome = { ok: false, error: { code: 'LIMIT_EXCEEDED', message: `the program ran longer than ${limits.wallMs} ms of computation (time limit)` } };
    }
    return state.outcome !== undefined;
  });
}

/** __sb_call: posts the call to the host; past a limit the call never settles and the interrupt handler stops the program. */
function callFunction(state) {
  const { ctx, limits, pending } = state;
  return ctx.newFunction('__sb_call', (nameHandle, argsHandle) => {
    const name = ctx.getString(nameHandle);
    const args = ctx.getString(argsHandle);
    state.calls += 1;
    if (state.calls > limits.maxCalls)
      settle(state, { ok: false, error: { code: 'LIMIT_EXCEEDED', message: `the program made more than ${limits.maxCalls} API calls (call limit)` } });
    else if (args.length > limits.maxArgsBytes)
      settle(state, { ok: false, error: { code: 'LIMIT_EXCEEDED', message: `the arguments of ${name} exceed ${limits.maxArgsBytes} bytes` } });
    if (state.outcome) {
      const never = ctx.newPromise();
      pending.set(-state.calls, { deferred: never, started: Date.now() });
      return never.handle;
    }
    const id = ++state.nextId;
    const deferred = ctx.newPromise();
    pending.set(id, { deferred, started: Date.now(), name });
    port.postMessage({ type: 'call', id, name, args });
    return deferred.handle;
  });
}

function logFunction(state) {
  const { ctx, limits } = state;
  return ctx.newFunction('__sb_log', (textHandle) => {
    const text = ctx.getString(textHandle);
    state.logBytes += text.length;
    if (state.logBytes > limits.maxLogBytes) {
      settle(state, { ok: false, error: { code: 'LIMIT_EXCEEDED', message: `the program logged more than ${limits.maxLogBytes} characters (log limit)` } });
      return;
    }
    port.postMessage({ type: 'log', text });
  });
}

function doneFunction(state) {
  const { ctx, limits } = state;
  return ctx.newFunction('__sb_done', (okHandle, aHandle, bHandle, cHandle, engineHandle) => {
    if (ctx.dump(okHandle)) {
      const value = ctx.getString(aHandle);
      if (value.length > limits.maxResultBytes) {
        settle(state, {
          ok: false,
          error: { code: 'LIMIT_EXCEEDED', message: `the returned value is larger than ${limits.maxResultBytes} bytes (result limit)` },
        });
      } else settle(state, { ok: true, value });
      return;
    }
    const code = ctx.getString(aHandle);
    const message = ctx.getString(bHandle);
    const engine = engineHandle ? ctx.dump(engineHandle) === true : false;
    // Only the engine's own errors (or a null thrown near the memory limit) are read as limits; a time limit is
    // decided by the interrupt handler before the program's failure gets here.
    // An 'interrupted' engine error is never read here: only the host's own deadline is the time limit.
    const known =
      state.heapNearLimit && message === 'thrown: null'
        ? classify({ message: 'out of memory' }, limits)
        : engine && !/interrupted/i.test(message)
          ? classify({ message }, limits)
          : { code: 'PROGRAM_ERROR' };
    // A failure keeps its code only if the host issued exactly that failure in this run.
    const issued = code === 'PROGRAM_ERROR' || state.issued.has(`${code}\u0000${message}`);
    settle(state, {
      ok: false,
      error:
        known.code === 'LIMIT_EXCEEDED'
          ? known
          : { code: issued ? code : 'PROGRAM_ERROR', message: message.slice(0, 4000), stack: cHandle ? String(ctx.dump(cHandle)).slice(0, 4000) : '' },
    });
  });
}

/** The host functions and the data the preludes pick up (and then remove from the global scope). */
function installHost(state, modules, attachments) {
  const { ctx } = state;
  const intlFn = ctx.newFunction('__sb_intl', (requestHandle) => ctx.newString(intlHost(ctx.getString(requestHandle))));
  for (const [name, handle] of [
    ['__sb_call', callFunction(state)],
    ['__sb_log', logFunction(state)],
    ['__sb_done', doneFunction(state)],
    ['__sb_intl', intlFn],
  ]) {
    ctx.setProp(ctx.global, name, handle);
    handle.dispose();
  }
  for (const [name, value] of [
    ['__sb_modules', JSON.stringify(modules)],
    ['__sb_attachments', JSON.stringify(attachments)],
  ]) {
    const handle = ctx.newString(value);
    ctx.setProp(ctx.global, name, handle);
    handle.dispose();
  }
}

/** Evaluates code for its effect; an exception ends the run. */
function evaluate(state, source, file) {
  const result = state.ctx.evalCode(source, file);
  if (result.error) {
    fail(state, state.ctx.dump(result.error));
    result.error.dispose();
    return undefined;
  }
  return result.value;
}

/** The Intl bridge, the prelude, then the program wrapped in an async function. */
function startProgram(state, code) {
  const { ctx } = state;
  evaluate(state, INTL_PRELUDE, 'intl.js')?.dispose();
  const handlers = evaluate(state, PRELUDE, 'prelude.js');
  if (!handlers) return;
  ctx.setProp(ctx.global, '__sb_handlers', handlers);
  handlers.dispose();
  // Two wrapper lines precede the program, so program line N is line N + 2 here; the host maps it back.
  // Strict mode: writes to frozen namespaces throw, top-level this is undefined, with is a syntax error.
  const wrapped = `(() => { const h = globalThis.__sb_handlers; delete globalThis.__sb_handlers;\n(async () => { 'use strict';\n${code}\n})().then(h.finish, h.fail); })()`;
  evaluate(state, wrapped, 'program.js')?.dispose();
}

function pump(state) {
  if (state.outcome) return;
  const jobs = state.runtime.executePendingJobs();
  if (jobs.error) {
    fail(state, state.ctx.dump(jobs.error));
    jobs.error.dispose();
  }
}

/** Remembers a failure the host replied with, in the form the guest reports it (the host's own record of codes). */
function recordFailure(state, name, outcome) {
  if (!outcome.startsWith('{"ok":false')) return;
  try {
    const { error } = JSON.parse(outcome);
    state.issued.add(`${error.code}\u0000${name}: ${error.message}`);
  } catch {
    // A reply the guest cannot parse either; it fails there.
  }
}

/** Answers the program's calls as the host replies, until it has an outcome or waits on nothing. */
async function untilDone(state) {
  const { ctx, runtime, pending } = state;
  pump(state);
  let onReply;
  await new Promise((resolveRun) => {
    const check = () => {
      if (state.outcome) return resolveRun();
      if (pending.size === 0 && !runtime.hasPendingJob()) {
        settle(state, { ok: false, error: { code: 'PROGRAM_ERROR', message: 'the program awaits a promise that never settles' } });
        return resolveRun();
      }
    };
    onReply = (message) => {
      if (message?.type !== 'reply' || state.outcome) return;
      const entry = pending.get(message.id);
      if (!entry) return;
      pending.delete(message.id);
      state.deadline += Date.now() - entry.started;
      recordFailure(state, entry.name, message.outcome);
      const value = ctx.newString(message.outcome);
      entry.deferred.resolve(value);
      value.dispose();
      entry.deferred.dispose();
      pump(state);
      check();
    };
    port.on('message', onReply);
    check();
  });
  port.off('message', onReply);
}

/** A clean dispose lets the host reuse this worker for the next run (a fresh runtime each time). */
function disposeRun(state) {
  try {
    for (const entry of state.pending.values()) entry.deferred.dispose();
    state.ctx.dispose();
    return true;
  } catch (error) {
    if (process.env.SB_DEBUG) port.postMessage({ type: 'log', text: 'dispose failed: ' + String(error?.stack ?? error) });
    return false;
  }
}

async function run({ code, modules, attachments, limits }) {
  const state = newRunState(await modulePromise, limits);
  watchLimits(state);
  installHost(state, modules, attachments);
  startProgram(state, code);
  await untilDone(state);
  const reusable = disposeRun(state);
  port.postMessage({ type: 'done', ...state.outcome, calls: state.calls, reusable });
}

port.on('message', (message) => {
  if (message?.type === 'run') {
    run(message).catch((error) => {
      const known = classify(error, message.limits);
      const failure = known.code === 'PROGRAM_ERROR' ? { code: 'SANDBOX_ERROR', message: String(error?.stack ?? error).slice(0, 4000) } : known;
      port.postMessage({ type: 'done', ok: false, error: failure, reusable: false });
    });
  }
});
modulePromise.then(
  () => port.postMessage({ type: 'ready' }),
  (error) => port.postMessage({ type: 'done', ok: false, error: { code: 'SANDBOX_ERROR', message: String(error) } }),
);
