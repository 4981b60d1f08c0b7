// One process per simulator state file. Two processes on the same file (a second `npm start`,
// or `cli simulator --state` pointed at the app's user-data folder) would each keep their own
// copy of the device in memory and overwrite each other's writes: objects a ceremony put on the
// device would silently vanish. So the first process writes its pid into `<state>.lock` and
// the next one is refused while that process lives. A lock left by a crashed process is taken
// over. Within one process the file may be opened again (tests model a restart that way).

import { readFileSync, unlinkSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { isProcessRunning } from '../../../files/process-alive';
import { SimulatorStateError } from './persistence';

export function stateLockPath(statePath: string): string {
  return `${statePath}.lock`;
}

/** Lock paths this process holds, removed when it exits however it exits. */
const held = new Set<string>();
let exitHookInstalled = false;

function releaseAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const path of held) removeIfOurs(path);
  });
}

function removeIfOurs(path: string): void {
  try {
    if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
  } catch {
    // Already gone, or unreadable: nothing of ours to remove.
  }
}

export interface StateLock {
  release(): void;
}

/** `device` names the simulated device in the refusal sentences (the SmartCard-HSM uses it too). */
export async function lockStateFile(
  statePath: string,
  device = 'simulated YubiHSM 2',
): Promise<StateLock> {
  const path = stateLockPath(statePath);
  const mine = String(process.pid);
  try {
    await writeFile(path, mine, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new SimulatorStateError(
        `The ${device} could not create its lock file ${path} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}); check that the folder exists and is writable.`,
        { cause: error },
      );
    }
    const holder = Number.parseInt((await readFile(path, 'utf8').catch(() => '')).trim(), 10);
    if (
      Number.isSafeInteger(holder) &&
      holder > 0 &&
      holder !== process.pid &&
      isProcessRunning(holder)
    ) {
      throw new SimulatorStateError(
        `The ${device} in ${statePath} is already in use by another Custos process (pid ${holder}); close that one first, since two copies of one device overwrite each other's state. If no such process is running, delete ${path}.`,
      );
    }
    // Ours already, or left behind by a process that has ended: take it.
    await writeFile(path, mine, { mode: 0o600 });
  }
  held.add(path);
  releaseAllOnExit();
  return {
    release() {
      if (!held.delete(path)) return;
      removeIfOurs(path);
    },
  };
}
