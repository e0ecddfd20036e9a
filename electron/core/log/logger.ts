import { redact } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** One structured log record, as written (one JSON object per line). */
export interface LogRecord {
  time: string;
  level: LogLevel;
  scope: string;
  message: string;
  fields?: unknown;
}

export type LogSink = (record: LogRecord) => void;

/** Structured logger; every record passes through secret redaction before any sink sees it. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

export function createLogger(options: { sinks: LogSink[]; level?: LogLevel; scope?: string; now?: () => Date }): Logger {
  const { sinks, level = 'info', scope = 'core', now = () => new Date() } = options;
  const write = (lvl: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (ORDER[lvl] < ORDER[level]) return;
    const record: LogRecord = { time: now().toISOString(), level: lvl, scope, message: redact(message) as string };
    if (fields !== undefined) record.fields = redact(fields);
    for (const sink of sinks) {
      try {
        sink(record);
      } catch {
        // Logging must never break the caller.
      }
    }
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (child) => createLogger({ sinks, level, scope: `${scope}.${child}`, now }),
  };
}

/** A sink that keeps records in memory (tests, the CLI's --verbose output). */
export function memorySink(): LogSink & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const sink = ((record: LogRecord) => void records.push(record)) as LogSink & { records: LogRecord[] };
  sink.records = records;
  return sink;
}
