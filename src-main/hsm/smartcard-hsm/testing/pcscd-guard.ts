// One pcscd per host: its socket /run/pcscd/pcscd.comm is fixed (spec §7.3). A test stack takes
// a lock file first (two test files of one run take turns instead of failing), then refuses to
// start when a pcscd it did not start answers on that socket: stopping someone else's daemon,
// or talking to their readers, is never a test's business.

import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PCSCD_SOCKET = '/run/pcscd/pcscd.comm';
const LOCK_FILE = join(tmpdir(), 'custos-pcsc-test-stack.lock');

/** Whether something accepts connections on pcscd's socket. */
export function pcscdAnswers(socketPath = PCSCD_SOCKET, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the test-stack lock, waiting for another Custos test stack on this machine to finish. */
export async function takeStackLock(waitMs: number): Promise<() => void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fd = openSync(LOCK_FILE, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(LOCK_FILE, 'utf8') === String(process.pid)) rmSync(LOCK_FILE);
        } catch {
          // Already gone.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: number;
    try {
      holder = Number.parseInt(readFileSync(LOCK_FILE, 'utf8'), 10);
    } catch {
      continue;
    }
    if (!Number.isInteger(holder) || !processAlive(holder)) {
      // Left by a test run that was killed: nobody holds it.
      rmSync(LOCK_FILE, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `another Custos PC/SC test stack (process ${holder}) has held ${LOCK_FILE} for over ${waitMs / 1000} s; wait for it to finish`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Throws the sentence when a pcscd this stack did not start is running. */
export async function refuseForeignPcscd(): Promise<void> {
  if (await pcscdAnswers()) {
    throw new Error(
      `a pcscd that this test did not start is already running (${PCSCD_SOCKET} answers); the PC/SC tests need their own, so stop it first (systemctl stop pcscd.socket pcscd) and run the tests again`,
    );
  }
}
