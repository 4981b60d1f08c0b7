// A ceremony's primary and its clone, plugged into the browser host the way real devices are
// (each a simulated YubiHSM 2 behind a yubihsm-connector, support/connector-device.ts): the
// ceremony folder and primary come from the fixture the unit tests use, the clone is restored
// from two custodians' shares with the restore's own code. So the back-up and verify specs can
// start at their device steps in a second instead of initializing through the UI first
// (restore-day.spec.ts does that whole day through the UI).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  APP_PASSWORD,
  SECONDARY_SERIAL,
  initializeCeremony,
  simulatorAccess,
} from '../../src-main/ceremonies/common/testing/initialized-ceremony';
import type { InitializedCeremony } from '../../src-main/ceremonies/common/testing/initialized-ceremony';
import { restoreFromFiles } from '../../src-main/ceremonies/restore/restore-from-files';
import { SimulatedYubiHsm } from '../../src-main/hsm/yubihsm/simulator/simulated-yubihsm';
import { ConnectorDevice } from './connector-device';

export { APP_PASSWORD };

export interface CeremonyDevices {
  parent: string;
  ceremony: InitializedCeremony;
  primary: ConnectorDevice;
  clone: ConnectorDevice;
  /** `--connector` arguments for openCustos's extraArgs. */
  connectorArgs: string[];
  close(): Promise<void>;
}

export async function ceremonyDevices(name: string): Promise<CeremonyDevices> {
  const parent = mkdtempSync(join(tmpdir(), `custos-e2e-${name}-`));
  const ceremony = await initializeCeremony(join(parent, 'ceremony'));
  const secondary = await SimulatedYubiHsm.create({ serial: SECONDARY_SERIAL });
  await restoreFromFiles({
    folderPath: ceremony.folderPath,
    access: simulatorAccess({
      'sim:primary': { device: ceremony.primary },
      'sim:secondary': { device: secondary },
    }),
    deviceId: 'sim:secondary',
    shares: [
      { path: '1-ada.txt', text: ceremony.shares[0]! },
      { path: '2-grace.txt', text: ceremony.shares[1]! },
    ],
    proof: { credential: { password: APP_PASSWORD } },
  });
  const primary = await ConnectorDevice.serve(ceremony.primary);
  const clone = await ConnectorDevice.serve(secondary);
  return {
    parent,
    ceremony,
    primary,
    clone,
    connectorArgs: ['--connector', primary.url, '--connector', clone.url],
    async close() {
      await Promise.all([primary.close(), clone.close()]);
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
