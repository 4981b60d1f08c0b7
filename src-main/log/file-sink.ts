// Log files in `<userData>/logs/`: one JSON-lines file per day, readable by its owner only.
// Lines are written synchronously so a crash loses nothing already logged and the order on
// disk is the order of events. Old files are pruned so the folder cannot grow without end.

import { closeSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { LogLevel, LogSink } from './logger';

export interface FileSinkOptions {
  /** Keep at most this many daily files (default 14). */
  keepFiles?: number;
  clock?: () => Date;
  level?: LogLevel;
}

const FILE_NAME = /^custos-\d{4}-\d{2}-\d{2}\.jsonl$/;

export function logFileName(date: Date): string {
  return `custos-${date.toISOString().slice(0, 10)}.jsonl`;
}

export function fileSink(
  logsFolder: string,
  options: FileSinkOptions = {},
): LogSink & { path: string } {
  const clock = options.clock ?? (() => new Date());
  mkdirSync(logsFolder, { recursive: true, mode: 0o700 });
  const path = join(logsFolder, logFileName(clock()));
  const fd = openSync(path, 'a', 0o600);
  pruneOldFiles(logsFolder, options.keepFiles ?? 14);
  let open = true;
  return {
    path,
    ...(options.level ? { level: options.level } : {}),
    write(line) {
      if (open) writeSync(fd, `${line}\n`);
    },
    close() {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}

function pruneOldFiles(folder: string, keep: number): void {
  const files = readdirSync(folder)
    .filter((name) => FILE_NAME.test(name))
    .sort();
  for (const name of files.slice(0, Math.max(0, files.length - keep))) {
    rmSync(join(folder, name), { force: true });
  }
}
