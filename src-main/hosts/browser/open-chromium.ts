// Opens the browser host's page in the system Chromium as an app window, with a fresh profile
// folder each launch (no history, no extensions, no saved cookies) that is removed when the
// window closes. Chromium is told not to phone home: no background networking, component
// updates or sync.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** CUSTOS_CHROMIUM if set, else the first Chromium found in the usual places. */
export function findChromium(
  env: Readonly<Record<string, string | undefined>> = process.env,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  if (env.CUSTOS_CHROMIUM) return env.CUSTOS_CHROMIUM;
  return CANDIDATES.find((path) => exists(path));
}

export function chromiumArgs(url: string, profileFolder: string, runningAsRoot: boolean): string[] {
  return [
    `--app=${url}`,
    `--user-data-dir=${profileFolder}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-extensions',
    '--disable-gpu',
    '--password-store=basic',
    // Chromium refuses to start as root with its sandbox on; outside root the sandbox stays.
    ...(runningAsRoot ? ['--no-sandbox'] : []),
  ];
}

export interface OpenedChromium {
  process: ChildProcess;
  /** Resolves when the window (the Chromium process) has gone. */
  closed: Promise<void>;
}

export function openChromium(executable: string, url: string): OpenedChromium {
  const profile = mkdtempSync(join(tmpdir(), 'custos-chromium-'));
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const child = spawn(executable, chromiumArgs(url, profile, asRoot), { stdio: 'ignore' });
  const closed = new Promise<void>((resolve) => {
    const done = () => {
      rmSync(profile, { recursive: true, force: true });
      resolve();
    };
    child.once('exit', done);
    child.once('error', done);
  });
  return { process: child, closed };
}
