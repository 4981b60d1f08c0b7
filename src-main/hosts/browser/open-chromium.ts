// Opens the browser host's page in the system Chromium as an app window, with a fresh profile
// folder each launch (no history, no extensions, no saved cookies) that is removed when the
// window closes. Chromium is told not to phone home: no background networking, component
// updates or sync.
//
// Two things never go on Chromium's command line, which every local user can read (`ps`): the
// launch token (Chromium opens a launch page, a file only this user can read, which forwards to
// the tokenised link) and `--no-sandbox` where it can be avoided. Chromium refuses to run as
// root with its sandbox on, so as root it runs as an ordinary user inside a user namespace
// (chromium-sandbox.ts); only where the kernel allows none does it run unsandboxed, and Custos
// says so on the terminal and in the log.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChromiumSandbox } from './chromium-sandbox';

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

/** Chromium's arguments: `page` is the launch page's file URL, never the tokenised link. */
export function chromiumArgs(page: string, profileFolder: string, sandboxed: boolean): string[] {
  return [
    `--app=${page}`,
    `--user-data-dir=${profileFolder}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-extensions',
    '--disable-gpu',
    '--password-store=basic',
    // Cookies bound to the scheme and port that set them, so no other loopback port sees ours.
    '--enable-features=EnablePortBoundCookies,EnableSchemeBoundCookies',
    ...(sandboxed ? [] : ['--no-sandbox']),
  ];
}

/**
 * The launch page: forwards to the tokenised link at once. It sits in a folder only this user
 * can open (0700), itself readable only by this user (0600); the caller removes it.
 */
export function writeLaunchPage(url: string): { page: string; folder: string } {
  const folder = mkdtempSync(join(tmpdir(), 'custos-launch-'));
  const file = join(folder, 'open.html');
  const target = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  writeFileSync(
    file,
    `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0;url=${target}"><title>Custos</title>\n`,
    { mode: 0o600 },
  );
  return { page: pathToFileURL(file).href, folder };
}

export interface OpenedChromium {
  process: ChildProcess;
  /** Resolves when the window (the Chromium process) has gone. */
  closed: Promise<void>;
}

export function openChromium(
  executable: string,
  url: string,
  sandbox: ChromiumSandbox,
): OpenedChromium {
  const profile = mkdtempSync(join(tmpdir(), 'custos-chromium-'));
  const launch = writeLaunchPage(url);
  const args = chromiumArgs(launch.page, profile, sandbox.sandboxed);
  const [command, ...prefix] = [...sandbox.prefix, executable];
  const child = spawn(command!, [...prefix, ...args], { stdio: 'ignore' });
  const closed = new Promise<void>((resolve) => {
    const done = () => {
      rmSync(profile, { recursive: true, force: true });
      rmSync(launch.folder, { recursive: true, force: true });
      resolve();
    };
    child.once('exit', done);
    child.once('error', done);
  });
  return { process: child, closed };
}
