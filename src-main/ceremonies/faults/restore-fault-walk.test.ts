// Fault injection at every device command of the restore (issue 14 §7), as the command line
// runs it (restoreFromFiles): the secondary fails, or is disconnected after doing the work, at
// command k. Each run, resumed once the device is back, ends complete: the secondary holds every
// object of the record, the factory key is gone, the record's last restore says complete, and
// no file is half-written.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inSession } from '../../hsm/yubihsm/client/test-support/in-session';
import { SimulatedYubiHsm } from '../../hsm/yubihsm/simulator';
import { FaultInjectingDevice, type FaultKind } from '../../hsm/yubihsm/transport/fault-injection';
import { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { TempFolders } from '../../testing/temp-folders';
import {
  APP_KEY_ID,
  APP_PASSWORD,
  SECONDARY_SERIAL,
  initializeCeremony,
} from '../common/testing/initialized-ceremony';
import { restoreFromFiles, type RestoreFromFilesResult } from '../restore/restore-from-files';
import { faultyDevices, withRetries } from './faulty-devices';

const temp = new TempFolders('custos-restore-fault-walk-');
afterEach(() => temp.removeAll());
const ID = 'sim:secondary';

async function walk(fault: { atCommand: number; kind: FaultKind } | undefined) {
  const ceremony = await initializeCeremony(join(temp.make(), 'ceremony'));
  const secondary = await SimulatedYubiHsm.create({ serial: SECONDARY_SERIAL });
  const device = new FaultInjectingDevice(secondary, fault);
  const said: string[] = [];
  const done = await withRetries(
    device,
    said,
    () =>
      restoreFromFiles({
        folderPath: ceremony.folderPath,
        access: faultyDevices(ID, device),
        deviceId: ID,
        shares: [
          { path: '1.txt', text: ceremony.shares[0]! },
          { path: '2.txt', text: ceremony.shares[1]! },
        ],
        proof: { credential: { password: APP_PASSWORD } },
      }),
    (result: RestoreFromFilesResult) => result.result.complete,
  ).catch(() => undefined);
  return { done, device, secondary, folder: ceremony.folderPath, said };
}

async function expectCloneAsRecorded(
  folder: string,
  secondary: SimulatedYubiHsm,
  finished = true,
): Promise<void> {
  expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  const record = JSON.parse(readFileSync(join(folder, 'ceremony.json'), 'utf8')) as {
    inventory: { id: number; type: string }[];
    restores?: { status: string; factoryKey: string }[];
  };
  if (finished)
    expect(record.restores?.at(-1)).toMatchObject({ status: 'completed', factoryKey: 'deleted' });
  const onClone = await inSession(
    new SimulatorTransport(secondary),
    APP_KEY_ID,
    APP_PASSWORD,
    (s) => s.listObjects(),
  );
  const key = (object: { id: number; type: string | number }) => `${object.id}`;
  const recorded = record.inventory
    .filter((object) => object.id !== 1)
    .map(key)
    .sort();
  expect([...new Set(onClone.map(key))].sort()).toEqual([...new Set(recorded)].sort());
}

describe('a device fault at every command of the restore', () => {
  it(
    'resumes to a complete clone that holds what the record lists, nothing half-written',
    { timeout: 600_000 },
    async () => {
      const clean = await walk(undefined);
      expect(clean.done?.result.complete).toBe(true);
      const commands = clean.device.commands;
      expect(commands).toBeGreaterThan(5);
      await expectCloneAsRecorded(clean.folder, clean.secondary);
      for (const kind of ['fail', 'disconnect'] as const) {
        for (let k = 1; k <= commands; k += 1) {
          const { done, device, secondary, folder, said } = await walk({ atCommand: k, kind });
          const where = `${kind} at command ${k} of ${commands}: ${said.join(' / ')}`;
          expect(device.faulted, where).toBe(true);
          if (done) {
            expect(done.result.complete, where).toBe(true);
            await expectCloneAsRecorded(folder, secondary);
          } else {
            // The answer to the last command was lost after the device did it: Custos cannot
            // know, says so and sends the officer to verify; the clone is indeed complete.
            expect(said.at(-1), where).toMatch(
              /An earlier restore of this ceremony may have finished on it/,
            );
            await expectCloneAsRecorded(folder, secondary, false);
          }
        }
      }
    },
  );
});
