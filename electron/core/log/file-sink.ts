import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LogRecord, LogSink } from './logger';

/** Appends JSON lines to a file, rotating it once to `<file>.1` when it passes `maxBytes`. */
export function fileSink(file: string, maxBytes = 5 * 1024 * 1024): LogSink {
  mkdirSync(dirname(file), { recursive: true });
  let size = safeSize(file);
  return (record: LogRecord) => {
    const line = `${JSON.stringify(record)}\n`;
    if (size + line.length > maxBytes && size > 0) {
      renameSync(file, `${file}.1`);
      size = 0;
    }
    appendFileSync(file, line, { mode: 0o600 });
    size += Buffer.byteLength(line);
  };
}

/** Writes records as JSON lines to stderr, or to the host's own (terminal-safe) writer (hosts only; core never writes to the console itself). */
export function stderrSink(write: (text: string) => void = (text) => void process.stderr.write(text)): LogSink {
  return (record) => write(`${JSON.stringify(record)}\n`);
}

function safeSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
