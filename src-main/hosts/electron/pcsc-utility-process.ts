// The PC/SC host process under Electron: a utilityProcess, because the packaged app cannot run
// itself as Node for a child_process.fork (electron-builder.yml turns the runAsNode fuse off).
// Main speaks to it with postMessage; the host script reads process.parentPort.

import { utilityProcess } from 'electron';
import type { HostProcessStarter } from '../../hsm/smartcard-hsm/pcsc/host-process';

export const utilityProcessStarter: HostProcessStarter = (entry, args) => {
  const child = utilityProcess.fork(entry, args, { serviceName: 'Custos PC/SC', stdio: 'ignore' });
  let running = true;
  child.once('exit', () => {
    running = false;
  });
  return {
    send: (request) => child.postMessage(request),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.once('exit', listener),
    kill: () => {
      if (running) child.kill();
    },
    get running() {
      return running;
    },
  };
};
