// The embedded default (DESIGN.md "Ceremonies"): a simulated primary and secondary YubiHSM 2
// whose state lives in `<userData>/simulators/<role>.json`. On first run each is created
// factory-fresh with its own serial; afterwards it is loaded from its file, so what a rehearsal
// did to a simulated device is still there next time the app starts.

import { mkdir } from 'node:fs/promises';
import type { SimulatedDevice } from '../hsm/yubihsm/transport/simulator-transport';
import type { Service } from './lifecycle';
import { userDataPaths } from './user-data';

/** Serials of the simulated devices, distinct and recognisable (real serials are 7-8 digits too). */
export const SIMULATED_SERIALS = { primary: 7_550_001, secondary: 7_550_002 } as const;

export type SimulatorRole = keyof typeof SIMULATED_SERIALS;

/** Loads the simulated device kept in `statePath`, or creates it factory-fresh with `serial`. */
export type SimulatorFactory = (options: {
  serial: number;
  statePath: string;
}) => Promise<SimulatedDevice & { close?(): Promise<void> }>;

export class EmbeddedSimulators implements Service {
  readonly name = 'simulators';
  /** Filled on start; the device service reads it when it starts (after this service). */
  readonly devices = new Map<string, SimulatedDevice & { close?(): Promise<void> }>();

  constructor(
    private readonly userDataFolder: string,
    private readonly create: SimulatorFactory,
  ) {}

  async start(): Promise<void> {
    const paths = userDataPaths(this.userDataFolder);
    await mkdir(paths.simulators, { recursive: true, mode: 0o700 });
    for (const role of Object.keys(SIMULATED_SERIALS) as SimulatorRole[]) {
      this.devices.set(
        role,
        await this.create({
          serial: SIMULATED_SERIALS[role],
          statePath: paths.simulatorState(role),
        }),
      );
    }
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.devices.values()].map((device) => device.close?.()));
  }
}
