const SECRET_KEY = /(api[-_]?key|token|secret|password|passwd|authorization|cookie|credential)/i;
// Values that look like bearer tokens or provider keys, wherever they appear in a string. The sk- and
// Bearer forms need a digit, so prose ("Bearer authentication", "sk-learn-contrib") is left alone.
const SECRET_VALUE =
  /\b(sk-(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{8,}|Bearer\s+(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,}|gh[pousr]_[A-Za-z0-9]{16,}|xox[abp]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16})/g;
// A key in a URL's query (`?api_key=...`, `&key=...`).
const SECRET_PARAM = /([?&](?:api[-_]?key|key|access_token|token)=)[^&\s"'#]{8,}/gi;

export const REDACTED = '[redacted]';

/** Secret values this process has read or stored (the secret store registers them): redacted wherever they appear. */
const knownSecrets = new Set<string>();
/** Shorter values are not registered: redacting them would cut ordinary words. */
const MIN_KNOWN_SECRET = 8;

export function rememberSecret(value: string): void {
  if (value.length >= MIN_KNOWN_SECRET) knownSecrets.add(value);
}

/** Replaces only the known secret values: safe on any text (file contents, documents). */
export function redactKnown(text: string): string {
  let out = text;
  for (const secret of knownSecrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** The one redaction of text that is stored or returned: known secret values, then key-shaped values. */
export function redactText(text: string): string {
  return redactKnown(text).replace(SECRET_VALUE, REDACTED).replace(SECRET_PARAM, `$1${REDACTED}`);
}

/** A deep copy with redactText applied to every string; the structure (keys, lengths) is kept whole. */
export function redactStrings<T>(value: T, text: (s: string) => string = redactText): T {
  if (typeof value === 'string') return text(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v: unknown) => redactStrings(v, text)) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = redactStrings(v, text);
  return out as T;
}

/** Returns a copy safe to log: secret-named fields and secret-looking substrings are replaced. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[depth]';
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return { name: value.name, message: redact(value.message, depth + 1), stack: redact(value.stack, depth + 1) };
  }
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && v !== undefined && v !== null && v !== '' ? REDACTED : redact(v, depth + 1);
  }
  return out;
}
