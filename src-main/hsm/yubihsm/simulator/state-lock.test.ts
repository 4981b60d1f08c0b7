import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedYubiHsm } from './simulated-yubihsm';
import { stateLockPath } from './state-lock';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function statePath(): string {
  const folder = mkdtempSync(join(tmpdir(), 'custos-sim-lock-'));
  folders.push(folder);
  return join(folder, 'primary.json');
}

/** Another live process, standing in for a second Custos holding the file. */
async function withOtherProcess(use: (pid: number) => Promise<void>): Promise<void> {
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  await new Promise((resolve) => other.once('spawn', resolve));
  try {
    await use(other.pid!);
  } finally {
    other.kill();
    await new Promise((resolve) => other.once('exit', resolve));
  }
}

describe('one process per simulator state file', () => {
  it('refuses a state file another running process holds, naming it and the lock file', async () => {
    const path = statePath();
    await withOtherProcess(async (pid) => {
      writeFileSync(stateLockPath(path), String(pid));
      await expect(SimulatedYubiHsm.create({ statePath: path })).rejects.toThrow(
        `The simulated YubiHSM 2 in ${path} is already in use by another Custos process (pid ${pid}); close that one first, since two copies of one device overwrite each other's state. If no such process is running, delete ${stateLockPath(path)}.`,
      );
      expect(existsSync(path)).toBe(false);
    });
  });

  it('takes over a lock left by a process that has ended, and gives it up on close', async () => {
    const path = statePath();
    let ended = 0;
    await withOtherProcess(async (pid) => {
      ended = pid;
    });
    writeFileSync(stateLockPath(path), String(ended));
    const device = await SimulatedYubiHsm.create({ statePath: path, serial: 7_550_020 });
    expect(readFileSync(stateLockPath(path), 'utf8')).toBe(String(process.pid));
    await device.close();
    expect(existsSync(stateLockPath(path))).toBe(false);
    const again = await SimulatedYubiHsm.create({ statePath: path });
    expect(again.serial).toBe(7_550_020);
    await again.close();
  });
});
