/**
 * Names a pack may not take for its module: every program sees its modules as globals beside these, so
 * a module named `globalThis`, `log` or `JSON` would break every program (or hide what it relies on).
 */
const STANDARD_GLOBALS = [
  'globalThis',
  'Infinity',
  'NaN',
  'undefined',
  'eval',
  'isFinite',
  'isNaN',
  'parseFloat',
  'parseInt',
  'decodeURI',
  'decodeURIComponent',
  'encodeURI',
  'encodeURIComponent',
  'escape',
  'unescape',
  'Object',
  'Function',
  'Array',
  'Number',
  'Boolean',
  'String',
  'Symbol',
  'BigInt',
  'Date',
  'RegExp',
  'Error',
  'AggregateError',
  'EvalError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'TypeError',
  'URIError',
  'Promise',
  'Proxy',
  'Reflect',
  'Map',
  'Set',
  'WeakMap',
  'WeakSet',
  'WeakRef',
  'FinalizationRegistry',
  'JSON',
  'Math',
  'Intl',
  'Atomics',
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'WebAssembly',
  'console',
  'arguments',
];
/** What the sandbox itself provides to programs (see executor/globals.ts) and names the policy refuses. */
const SANDBOX_NAMES = [
  'log',
  'attachments',
  'ApiCallError',
  'require',
  'process',
  'global',
  'window',
  'self',
  'module',
  'exports',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'queueMicrotask',
];
/** Keys that reach prototypes: refused as modules and as verbs. */
const PROTOTYPE_KEYS = [
  'constructor',
  'prototype',
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toString',
  'toLocaleString',
  'valueOf',
  'caller',
  'callee',
];

const RESERVED_MODULES = new Set([...STANDARD_GLOBALS, ...SANDBOX_NAMES, ...PROTOTYPE_KEYS].map((n) => n.toLowerCase()));
const RESERVED_VERBS = new Set(PROTOTYPE_KEYS.map((n) => n.toLowerCase()));

/** Why `module` cannot name a pack's module, or undefined. */
export function reservedModuleReason(module: string): string | undefined {
  if (module.startsWith('__')) return `module ${module} starts with '__', which the sandbox reserves`;
  return RESERVED_MODULES.has(module.toLowerCase())
    ? `module ${module} is a name every program already has (a JavaScript global or the sandbox's own); choose another`
    : undefined;
}

/** Why `verb` cannot name an API, or undefined. */
export function reservedVerbReason(verb: string): string | undefined {
  if (verb.startsWith('__')) return `API ${verb} starts with '__', which reaches object internals`;
  return RESERVED_VERBS.has(verb.toLowerCase()) ? `API ${verb} would replace a property every object has; choose another name` : undefined;
}
