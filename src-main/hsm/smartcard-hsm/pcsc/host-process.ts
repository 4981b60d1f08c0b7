// How the PC/SC host process is started and spoken to. Under Node (the browser host, the CLI,
// tests) it is a child_process.fork with Node's IPC channel. The packaged Electron app cannot
// fork itself as Node (its runAsNode fuse is off), so the Electron host hands in a starter built
// on Electron's utilityProcess (hosts/electron/pcsc-utility-process.ts) through
// `usePcscProcessStarter`; this layer never imports electron.

import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sourceSidecar } from '../../../files/source-sidecar';
import type { HostMessage, HostRequest } from './pcsc-host-messages';

/** A started host process, whatever started it. */
export interface HostProcess {
  send(request: HostRequest): void;
  onMessage(listener: (message: HostMessage) => void): void;
  onExit(listener: () => void): void;
  /** Ends the process now (it may be stuck inside pcsc-lite). */
  kill(): void;
  readonly running: boolean;
}

/** Starts the compiled host script `entry` (a bundle's pcsc-host.mjs) with `args`. */
export type HostProcessStarter = (entry: string, args: string[]) => HostProcess;

let starter: HostProcessStarter | undefined;

/** The Electron host calls this once, before any PC/SC use. */
export function usePcscProcessStarter(start: HostProcessStarter): void {
  starter = start;
}

/**
 * From source (tsx, vitest) the host is the .ts file beside this one, bundled as a release
 * bundles it (files/source-sidecar.ts); a bundle ships it compiled beside itself as pcsc-host.mjs.
 */
export function startHostProcess(moduleName: string | undefined): HostProcess {
  const here = import.meta.url;
  const args = moduleName ? [moduleName] : [];
  if (here.endsWith('.ts')) {
    // The native binding stays in node_modules, as the build leaves it (scripts/lib/sidecars.mjs).
    const entry = sourceSidecar(new URL('./pcsc-host-process.ts', here), here, ['smartcard']);
    return forkedHost(entry, args, []);
  }
  const bundled = fileURLToPath(new URL('./pcsc-host.mjs', here));
  if (!existsSync(bundled))
    throw new Error(`the PC/SC helper (${bundled}) is missing: this build of Custos is incomplete`);
  return (starter ?? ((entry, rest) => forkedHost(entry, rest, [])))(bundled, args);
}

function forkedHost(entry: string, args: string[], execArgv: string[]): HostProcess {
  const child = fork(entry, args, {
    execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  // The host must not keep Custos (or a test run) alive by itself: a call waiting on it holds a
  // timer, which is enough.
  child.unref();
  child.channel?.unref();
  child.on('error', () => undefined);
  return {
    send: (request) => void child.send(request),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.once('exit', listener),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    get running() {
      return child.connected;
    },
  };
}
