// Frames to a simulated YubiHSM 2 in this process (DESIGN.md: every ceremony can be rehearsed
// on simulated devices). unplug()/plugIn() let a rehearsal practise the device being pulled
// mid-step: the transport then fails exactly as USB does, with a YubiHsmTransportError.

import { YubiHsmTransportError } from '../protocol/device-errors';
import { OneAtATime } from '../../../concurrency/one-at-a-time';
import type { YubiHsmTransport } from './transport';

/** What the transport needs of a simulated device (SimulatedYubiHsm has all of it). */
export interface SimulatedDevice {
  readonly serial: number;
  readonly firmware: string;
  /** One request frame in, one response frame out; never rejects. */
  process(frame: Uint8Array): Promise<Uint8Array>;
  /** Power-cycles the device: sessions gone, a boot in the log (SimulatedYubiHsm has it). */
  reboot?(): Promise<void>;
}

export class SimulatorTransport implements YubiHsmTransport {
  readonly kind = 'simulator' as const;
  readonly address: string;
  private readonly queue = new OneAtATime();
  private plugged = true;
  /** Bumped on every unplug, so an exchange in flight learns the device left under it. */
  private insertion = 0;
  private closed = false;

  constructor(
    readonly device: SimulatedDevice,
    options: { name?: string } = {},
  ) {
    this.address = options.name
      ? `simulated YubiHSM 2 "${options.name}", serial ${device.serial}`
      : `simulated YubiHSM 2, serial ${device.serial}`;
  }

  get pluggedIn(): boolean {
    return this.plugged;
  }

  /** Pulls the simulated device out: pending and later requests fail until plugIn(). */
  unplug(): void {
    this.plugged = false;
    this.insertion += 1;
  }

  /**
   * Puts the device back. A YubiHSM 2 is powered by its USB port, so a device that was pulled
   * comes back freshly booted: its sessions are gone and its log records the boot.
   */
  async plugIn(): Promise<void> {
    if (this.plugged) return;
    this.plugged = true;
    await this.device.reboot?.();
  }

  transceive(frame: Uint8Array): Promise<Uint8Array> {
    return this.queue.run(async () => {
      this.assertReachable();
      const insertion = this.insertion;
      const response = await this.device.process(frame);
      // Pulled while the device was working: like real USB, the answer never arrives (the
      // device may still have done the work).
      if (insertion !== this.insertion) throw unplugged(this.device.serial);
      return response;
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue.run(async () => undefined);
  }

  private assertReachable(): void {
    if (this.closed)
      throw new YubiHsmTransportError(
        `the connection to the simulated YubiHSM 2 (serial ${this.device.serial}) is closed; reconnect to the device`,
      );
    if (!this.plugged) throw unplugged(this.device.serial);
  }
}

function unplugged(serial: number): YubiHsmTransportError {
  return new YubiHsmTransportError(
    `the device was unplugged: the simulated YubiHSM 2 (serial ${serial}) is not connected; plug it back in and try the step again`,
  );
}
