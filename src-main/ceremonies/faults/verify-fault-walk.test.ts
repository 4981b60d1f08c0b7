// Fault injection at every device command of the verification (issue 14 §7): the restored
// clone fails, or is disconnected after doing the work, at command k. Each run ends with the
// clone verified once the device is back, the record holding exactly one verification per
// report written and no half-written file.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { VerifySnapshot } from '../../../shared/ceremony/verify-snapshot';
import { SimulatedYubiHsm } from '../../hsm/yubihsm/simulator';
import { FaultInjectingDevice, type FaultKind } from '../../hsm/yubihsm/transport/fault-injection';
import { createLogger } from '../../log/logger';
import { TempFolders } from '../../testing/temp-folders';
import {
  APP_PASSWORD,
  SECONDARY_SERIAL,
  initializeCeremony,
  simulatorAccess,
} from '../common/testing/initialized-ceremony';
import { restoreFromFiles } from '../restore/restore-from-files';
import { VerifyEngine } from '../verify/verify-engine';
import { faultyDevices, withRetries } from './faulty-devices';

const temp = new TempFolders('custos-verify-fault-walk-');
afterEach(() => temp.removeAll());
const ID = 'sim:secondary';

async function walk(fault: { atCommand: number; kind: FaultKind } | undefined) {
  const ceremony = await initializeCeremony(join(temp.make(), 'ceremony'));
  const secondary = await SimulatedYubiHsm.create({ serial: SECONDARY_SERIAL });
  await restoreFromFiles({
    folderPath: ceremony.folderPath,
    access: simulatorAccess({
      'sim:primary': { device: ceremony.primary },
      [ID]: { device: secondary },
    }),
    deviceId: ID,
    shares: [
      { path: '1.txt', text: ceremony.shares[0]! },
      { path: '2.txt', text: ceremony.shares[1]! },
    ],
    proof: { credential: { password: APP_PASSWORD } },
  });
  const device = new FaultInjectingDevice(secondary, fault);
  const engine = new VerifyEngine({
    devices: faultyDevices(ID, device),
    logger: createLogger({ sinks: [] }),
    toolVersion: '0.0.0-test',
  });
  const said: string[] = [];
  await engine.start();
  await engine.chooseFolder(ceremony.folderPath);
  await withRetries(
    device,
    said,
    () => engine.chooseSecondary(ID),
    () => true,
  );
  await withRetries(
    device,
    said,
    () => engine.authenticate(APP_PASSWORD),
    () => true,
  );
  const done = await withRetries(
    device,
    said,
    async () => {
      const snapshot = await engine.run();
      if (!isVerified(snapshot)) await engine.authenticate(APP_PASSWORD).catch(() => undefined);
      return snapshot;
    },
    isVerified,
  );
  return { done, device, folder: ceremony.folderPath, said };
}

function isVerified(snapshot: VerifySnapshot): boolean {
  return snapshot.view.step === 'result' && snapshot.view.allMatch;
}

function expectFolderAsRecorded(folder: string): void {
  const names = readdirSync(folder);
  expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  const record = JSON.parse(readFileSync(join(folder, 'ceremony.json'), 'utf8')) as {
    verifications?: unknown[];
  };
  const reports = names.filter((name) => /^verification-.*\.html$/.test(name));
  expect(record.verifications?.length ?? 0).toBe(reports.length);
}

describe('a device fault at every command of the verification', () => {
  it(
    'ends with the clone verified, one record entry per report, nothing half-written',
    { timeout: 600_000 },
    async () => {
      const clean = await walk(undefined);
      expect(isVerified(clean.done)).toBe(true);
      const commands = clean.device.commands;
      expect(commands).toBeGreaterThan(5);
      expectFolderAsRecorded(clean.folder);
      for (const kind of ['fail', 'disconnect'] as const) {
        for (let k = 1; k <= commands; k += 1) {
          const { done, device, folder, said } = await walk({ atCommand: k, kind });
          const where = `${kind} at command ${k} of ${commands}: ${said.join(' / ')}`;
          expect(device.faulted, where).toBe(true);
          expect(isVerified(done), where).toBe(true);
          expectFolderAsRecorded(folder);
        }
      }
    },
  );
});
