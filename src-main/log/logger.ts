// The one logger of the main process (STYLE.md §15). Every line is a JSON object; every field
// and the message pass through redaction before any sink sees them, so no caller can forget.
// Loggers are created by the composition root and handed down; there is no global logger.

import { redactFields, redactText } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `context` (e.g. `{ module: 'ipc' }`) to every line. */
  child(context: LogFields): Logger;
}

/** Where finished lines go. A sink receives only redacted JSON text. */
export interface LogSink {
  /** Lowest level this sink wants; default: every line the logger emits. */
  readonly level?: LogLevel;
  write(line: string, level: LogLevel): void;
  close?(): void;
}

export interface LoggerOptions {
  sinks: LogSink[];
  /** Lowest level emitted at all (default info). */
  level?: LogLevel;
  clock?: () => Date;
}

export interface RootLogger extends Logger {
  /** Closes every sink; later lines are dropped. */
  close(): void;
}

const RESERVED = new Set(['time', 'level', 'msg']);

export function createLogger(options: LoggerOptions): RootLogger {
  const minimum = LEVEL_RANK[options.level ?? 'info'];
  const clock = options.clock ?? (() => new Date());
  let closed = false;

  function emit(
    level: LogLevel,
    message: string,
    context: LogFields,
    fields: LogFields | undefined,
  ): void {
    if (closed || LEVEL_RANK[level] < minimum) return;
    const record: LogFields = { time: clock().toISOString(), level, msg: redactText(message) };
    for (const [name, value] of Object.entries(redactFields({ ...context, ...fields }))) {
      record[RESERVED.has(name) ? `field.${name}` : name] = value;
    }
    const line = safeStringify(record);
    for (const sink of options.sinks) {
      if (sink.level && LEVEL_RANK[level] < LEVEL_RANK[sink.level]) continue;
      try {
        sink.write(line, level);
      } catch {
        // A full disk must not take the app down with it; the other sinks still get the line.
      }
    }
  }

  function make(context: LogFields): Logger {
    return {
      debug: (message, fields) => emit('debug', message, context, fields),
      info: (message, fields) => emit('info', message, context, fields),
      warn: (message, fields) => emit('warn', message, context, fields),
      error: (message, fields) => emit('error', message, context, fields),
      child: (more) => make({ ...context, ...more }),
    };
  }

  return {
    ...make({}),
    close() {
      if (closed) return;
      closed = true;
      for (const sink of options.sinks) sink.close?.();
    },
  };
}

function safeStringify(record: LogFields): string {
  try {
    return JSON.stringify(record);
  } catch {
    return JSON.stringify({
      time: record.time,
      level: record.level,
      msg: record.msg,
      note: 'fields could not be serialised',
    });
  }
}

/** Keeps lines in memory: for tests and for anything that needs to read back what was logged. */
export function memorySink(): LogSink & { lines: string[]; records(): LogFields[] } {
  const lines: string[] = [];
  return {
    lines,
    write: (line) => void lines.push(line),
    records: () => lines.map((line) => JSON.parse(line) as LogFields),
  };
}

/** Human-readable lines on a stream (stderr by default), for people watching a terminal. */
export function streamSink(
  stream: NodeJS.WritableStream = process.stderr,
  level: LogLevel = 'warn',
): LogSink {
  return {
    level,
    write(line, lineLevel) {
      const record = JSON.parse(line) as LogFields;
      const { time: _time, level: _level, msg, ...rest } = record;
      const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
      stream.write(`custos ${lineLevel}: ${String(msg)}${extra}\n`);
    },
  };
}
