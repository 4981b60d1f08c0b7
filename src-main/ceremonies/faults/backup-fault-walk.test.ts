// Fault injection at every device command of the back-up (issue 14 §7): for every k and both
// faults, the back-up either finishes or, run again once the device is back, finishes; the
// folder then holds every .yhw file the record lists, no stray or half-written file, and a
// record that still reads.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackupSnapshot } from '../../../shared/ceremony/backup-snapshot';
import { SimulatedYubiHsm } from '../../hsm/yubihsm/simulator';
import { FaultInjectingDevice, type FaultKind } from '../../hsm/yubihsm/transport/fault-injection';
import { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { createLogger } from '../../log/logger';
import { TempFolders } from '../../testing/temp-folders';
import {
  APP_KEY_ID,
  APP_PASSWORD,
  PRIMARY_SERIAL,
  initializeCeremonyOn,
} from '../common/testing/initialized-ceremony';
import { BackupEngine } from '../backup/backup-engine';
import { faultyDevices, withRetries } from './faulty-devices';

const temp = new TempFolders('custos-backup-fault-walk-');
afterEach(() => temp.removeAll());
const ID = 'sim:primary';

async function walk(fault: { atCommand: number; kind: FaultKind } | undefined) {
  const simulator = await SimulatedYubiHsm.create({ serial: PRIMARY_SERIAL });
  const folder = join(temp.make(), 'ceremony');
  await initializeCeremonyOn(folder, new SimulatorTransport(simulator));
  const device = new FaultInjectingDevice(simulator, fault);
  const engine = new BackupEngine({
    devices: faultyDevices(ID, device),
    logger: createLogger({ sinks: [] }),
  });
  const said: string[] = [];
  await engine.start();
  await engine.chooseFolder(folder);
  await withRetries(
    device,
    said,
    () => engine.choosePrimary(ID),
    () => true,
  );
  await withRetries(
    device,
    said,
    () => engine.authenticate(APP_PASSWORD, APP_KEY_ID),
    (snapshot) => snapshot.view.step === 'review',
  );
  await engine.generateSampleKeys().catch((error: Error) => said.push(error.message));
  const done = await withRetries(
    device,
    said,
    async () => {
      // A session lost with the device is opened again before the run goes on.
      const snapshot = await engine.run([]);
      if (!isFinished(snapshot) && snapshot.problem)
        await engine.authenticate(APP_PASSWORD, APP_KEY_ID).catch(() => undefined);
      return snapshot;
    },
    isFinished,
  );
  return { done, device, folder, said };
}

function isFinished(snapshot: BackupSnapshot): boolean {
  return snapshot.view.step === 'export' && snapshot.view.finished === true;
}

function expectFolderAsRecorded(folder: string): void {
  const names = readdirSync(folder);
  expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  const record = JSON.parse(readFileSync(join(folder, 'ceremony.json'), 'utf8')) as {
    files: { file: string }[];
  };
  const recorded = new Set(record.files.map((entry) => entry.file));
  expect(names.filter((name) => name.endsWith('.yhw')).sort()).toEqual([...recorded].sort());
}

describe('a device fault at every command of the back-up', () => {
  it(
    'finishes, or finishes when run again, with every file recorded and none half-written',
    { timeout: 600_000 },
    async () => {
      const clean = await walk(undefined);
      expect(isFinished(clean.done)).toBe(true);
      const commands = clean.device.commands;
      expect(commands).toBeGreaterThan(5);
      expectFolderAsRecorded(clean.folder);
      for (const kind of ['fail', 'disconnect'] as const) {
        for (let k = 1; k <= commands; k += 1) {
          const { done, device, folder, said } = await walk({ atCommand: k, kind });
          const where = `${kind} at command ${k} of ${commands}: ${said.join(' / ')}`;
          expect(device.faulted, where).toBe(true);
          expect(isFinished(done), where).toBe(true);
          expectFolderAsRecorded(folder);
        }
      }
    },
  );
});
