// Test support: one simulated YubiHSM 2 as the engine's device set, which a test can unplug
// (every open transport fails, new ones are refused, like a pulled USB device) and plug back
// in, optionally right after the device has done the work of a chosen frame.

import { Refusal } from '../../../refusal/refusal';
import { Command } from '../../../hsm/yubihsm/protocol/commands';
import { DeviceErrorCode } from '../../../hsm/yubihsm/protocol/device-errors';
import { errorFrame } from '../../../hsm/yubihsm/protocol/frame';
import { SimulatedYubiHsm } from '../../../hsm/yubihsm/simulator';
import {
  SimulatorTransport,
  type SimulatedDevice,
} from '../../../hsm/yubihsm/transport/simulator-transport';
import type { DeviceAccess, DeviceIdentity } from '../../common/device-access';

export class TestDevices implements DeviceAccess {
  private readonly transports = new Set<SimulatorTransport>();
  private plugged = true;
  private unplugAfter: number | undefined;
  /** Session messages the device has answered since `unplugAfterSessionMessages` was armed. */
  private seen = 0;
  private readonly refused = new Set<number>();
  readonly device: SimulatedDevice;

  constructor(
    readonly simulator: SimulatedYubiHsm,
    readonly id = 'sim:primary',
  ) {
    const inner = simulator;
    this.device = {
      serial: inner.serial,
      firmware: inner.firmware,
      process: async (frame) => {
        // CREATE SESSION (spec §3.2): auth key id in the first two payload bytes.
        if (frame[0] === Command.CreateSession && this.refused.has((frame[3]! << 8) | frame[4]!))
          return errorFrame(DeviceErrorCode.AUTHENTICATION_FAILED);
        const response = await inner.process(frame);
        if (this.unplugAfter !== undefined && frame[0] === Command.SessionMessage) {
          this.seen += 1;
          if (this.seen === this.unplugAfter) {
            this.unplugAfter = undefined;
            this.unplug();
          }
        }
        return response;
      },
    };
  }

  static async create(options: { serial?: number; statePath?: string } = {}): Promise<TestDevices> {
    return new TestDevices(
      await SimulatedYubiHsm.create({
        serial: options.serial ?? 12_345_678,
        ...(options.statePath ? { statePath: options.statePath } : {}),
      }),
    );
  }

  get pluggedIn(): boolean {
    return this.plugged;
  }

  describe(deviceId: string): DeviceIdentity | undefined {
    if (deviceId !== this.id || !this.plugged) return undefined;
    return {
      id: this.id,
      serial: this.simulator.serial,
      firmware: this.simulator.firmware,
      transport: 'simulator',
      simulated: true,
    };
  }

  async openTransport(deviceId: string): Promise<SimulatorTransport> {
    if (deviceId !== this.id || !this.plugged) {
      throw new Refusal(
        'device-missing',
        'That device is no longer connected. Plug it in again and wait until it appears in the list.',
      );
    }
    const transport = new SimulatorTransport(this.device, { name: 'primary' });
    this.transports.add(transport);
    return transport;
  }

  unplug(): void {
    this.plugged = false;
    for (const transport of this.transports) transport.unplug();
    this.transports.clear();
  }

  plugIn(): void {
    this.plugged = true;
  }

  /** The device refuses every session with this authentication key, as if its key differed. */
  refuseSessionsFor(authKeyId: number): void {
    this.refused.add(authKeyId);
  }

  /**
   * Pulls the device out right after it has answered the n-th session message from now: the
   * device did the work, but its answer never reaches Custos.
   */
  unplugAfterSessionMessages(n: number): void {
    this.seen = 0;
    this.unplugAfter = n;
  }
}
