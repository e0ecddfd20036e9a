// The one place text reaches a terminal from the CLI: whatever a program, a pack, a model or a file
// controls is shown, never obeyed (no clear screen, no OSC 52 clipboard write, no cursor moves).

// C0 controls but tab and newline, DEL, C1 controls (U+009B is a one-character CSI), bidi overrides
// and isolates (they reorder what a person reads), and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped here
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped here
const UNSAFE_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

// Escapes are written the way JSON writes them, so JSON output stays valid JSON with the same meaning.
function escape(ch: string): string {
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Makes text safe to print: every control or reordering character becomes a visible escape (`\u001b`).
 * `oneLine` also escapes newlines and tabs, for a field that must not start a line of its own (a log
 * text cannot forge a `run.finished` line).
 */
export function terminalText(text: string, options: { oneLine?: boolean } = {}): string {
  return text.replace(options.oneLine ? UNSAFE_ONE_LINE : UNSAFE, escape);
}

/** Wraps a terminal writer so everything written through it is `terminalText`. */
export function terminalSink(write: (text: string) => void): (text: string) => void {
  return (text) => write(terminalText(text));
}
