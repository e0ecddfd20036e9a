// Intl for action programs. QuickJS is built without Intl, so `toLocaleString`, `Intl.NumberFormat` and the rest
// would be missing or wrong (code-point `localeCompare`, `1234.5.toLocaleString('en-US')` → "1234.5") in
// programs the verifier accepts, because TypeScript's lib declares them. The guest side below forwards each
// call, as JSON, to one synchronous host function that answers with Node's own ICU; values and options are
// plain data, so nothing of the host is reachable. The sandbox follows the host's time zone, so do these.

/** Longest request a program may send (its strings and lists to format). */
export const MAX_INTL_REQUEST = 256 * 1024;

const KINDS = {
  NumberFormat: (l, o) => new Intl.NumberFormat(l, o),
  DateTimeFormat: (l, o) => new Intl.DateTimeFormat(l, o),
  Collator: (l, o) => new Intl.Collator(l, o),
  PluralRules: (l, o) => new Intl.PluralRules(l, o),
  RelativeTimeFormat: (l, o) => new Intl.RelativeTimeFormat(l, o),
  ListFormat: (l, o) => new Intl.ListFormat(l, o),
};
const METHODS = {
  number: ['toLocaleString'],
  date: ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString'],
  string: ['localeCompare'],
};

function plainOptions(o) {
  if (o === undefined || o === null) return undefined;
  if (typeof o !== 'object' || Array.isArray(o)) throw new TypeError('Intl options must be an object');
  return o;
}

function revive(v) {
  if (v && typeof v === 'object' && 'date' in v) return new Date(Number(v.date));
  if (v && typeof v === 'object' && 'number' in v) return Number(v.number);
  if (v && typeof v === 'object' && 'bigint' in v) return BigInt(v.bigint);
  return v;
}

function answer(req) {
  const options = plainOptions(req.o);
  if (req.op === 'method') {
    if (!METHODS[req.on]?.includes(req.m)) throw new TypeError(`no such locale method ${req.m}`);
    const self = req.on === 'date' ? new Date(Number(req.v)) : req.on === 'number' ? revive(req.v) : String(req.v);
    return req.on === 'string' ? self.localeCompare(String(req.b), req.l, options) : self[req.m](req.l, options);
  }
  const make = KINDS[req.kind];
  if (!make) throw new TypeError(`Intl.${req.kind} is not supported`);
  if (req.op === 'supported') return Intl[req.kind].supportedLocalesOf(req.l, options);
  const formatter = make(req.l, options);
  if (req.op === 'resolved') return formatter.resolvedOptions();
  const args = (Array.isArray(req.a) ? req.a : []).map(revive);
  if (!['format', 'formatToParts', 'formatRange', 'compare', 'select'].includes(req.op) || typeof formatter[req.op] !== 'function')
    throw new TypeError(`Intl.${req.kind} has no ${req.op}`);
  return formatter[req.op](...args);
}

/** The host side: one JSON request in, `{ ok, value }` or `{ ok: false, name, message }` out. */
export function intlHost(text) {
  try {
    if (text.length > MAX_INTL_REQUEST) throw new RangeError(`an Intl request over ${MAX_INTL_REQUEST} characters`);
    return JSON.stringify({ ok: true, value: answer(JSON.parse(text)) });
  } catch (error) {
    const name = error instanceof RangeError ? 'RangeError' : 'TypeError';
    return JSON.stringify({ ok: false, name, message: error instanceof Error ? error.message : String(error) });
  }
}

/** The guest side, evaluated before the program (and before the prelude removes the host functions). */
export const INTL_PRELUDE = `(() => {
  const host = globalThis.__sb_intl; delete globalThis.__sb_intl;
  const stringify = JSON.stringify, parse = JSON.parse, define = Object.defineProperty;
  const ask = (req) => {
    const r = parse(host(stringify(req)));
    if (r.ok) return r.value;
    throw new (r.name === 'RangeError' ? RangeError : TypeError)(r.message);
  };
  const wire = (v) => v instanceof Date ? { date: String(v.getTime()) } : typeof v === 'bigint' ? { bigint: String(v) } : typeof v === 'number' ? { number: String(v) } : v;
  const kind = (name, ops) => {
    class Formatter {
      constructor(locales, options) {
        define(this, '_l', { value: locales === undefined ? undefined : locales });
        define(this, '_o', { value: options === undefined ? undefined : options });
        ask({ op: 'resolved', kind: name, l: this._l, o: this._o });
      }
      resolvedOptions() { return ask({ op: 'resolved', kind: name, l: this._l, o: this._o }); }
      static supportedLocalesOf(locales, options) { return ask({ op: 'supported', kind: name, l: locales, o: options }); }
    }
    for (const op of ops) {
      define(Formatter.prototype, op, { writable: true, configurable: true, value: function (...args) {
        if (op === 'format' && name === 'DateTimeFormat' && args.length === 0) args = [new Date()];
        return ask({ op, kind: name, l: this._l, o: this._o, a: args.map(wire) });
      } });
    }
    define(Formatter, 'name', { value: name });
    return Formatter;
  };
  const Intl = {
    NumberFormat: kind('NumberFormat', ['format', 'formatToParts', 'formatRange']),
    DateTimeFormat: kind('DateTimeFormat', ['format', 'formatToParts', 'formatRange']),
    Collator: kind('Collator', ['compare']),
    PluralRules: kind('PluralRules', ['select']),
    RelativeTimeFormat: kind('RelativeTimeFormat', ['format', 'formatToParts']),
    ListFormat: kind('ListFormat', ['format', 'formatToParts']),
  };
  // A collator's compare is used bare (list.sort(collator.compare)): bind it like the real one.
  const compare = Object.getOwnPropertyDescriptor(Intl.Collator.prototype, 'compare').value;
  define(Intl.Collator.prototype, 'compare', { configurable: true, get() { return (a, b) => compare.call(this, a, b); } });
  define(globalThis, 'Intl', { value: Object.freeze(Intl), writable: true, configurable: true });
  const method = (proto, on, m, self) => define(proto, m, { writable: true, configurable: true, value: function (locales, options) {
    return ask({ op: 'method', on, m, v: self(this), l: locales, o: options });
  } });
  method(Number.prototype, 'number', 'toLocaleString', (n) => wire(Number(n)));
  if (typeof BigInt === 'function') method(BigInt.prototype, 'number', 'toLocaleString', (n) => wire(BigInt(n)));
  for (const m of ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString']) method(Date.prototype, 'date', m, (d) => String(d.getTime()));
  define(String.prototype, 'localeCompare', { writable: true, configurable: true, value: function (that, locales, options) {
    return ask({ op: 'method', on: 'string', m: 'localeCompare', v: String(this), b: String(that), l: locales, o: options });
  } });
})()`;
