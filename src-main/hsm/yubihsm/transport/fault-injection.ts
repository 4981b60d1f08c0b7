// Faults at a chosen device command, for rehearsing (and testing) what a ceremony does when the
// device fails or goes away at any point: a wrapper around a simulated device, below the client
// and above the simulator's command handlers, so the same wrapper serves the in-process
// transport and the connector API (`custos simulator --fault-at k`). Every frame the device
// receives is one device command, counted from 1.
//
//   fail:       command k is answered with a device error (STORAGE_FAILED) and not carried out.
//   disconnect: command k is carried out, then the device is gone before it answers (as when a
//               USB device is pulled mid-command); every later command fails the same way until
//               reconnect(), which brings the device back freshly booted (sessions gone).

import { DeviceErrorCode, YubiHsmTransportError } from '../protocol/device-errors';
import { errorFrame } from '../protocol/frame';
import type { SimulatedDevice } from './simulator-transport';

export type FaultKind = 'fail' | 'disconnect';

export interface FaultPlan {
  /** The 1-based device command the fault hits. */
  atCommand: number;
  kind: FaultKind;
}

export class FaultInjectingDevice implements SimulatedDevice {
  private count = 0;
  private plan: FaultPlan | undefined;
  private gone = false;
  private hit = false;

  constructor(
    private readonly inner: SimulatedDevice,
    plan?: FaultPlan,
  ) {
    this.plan = plan;
  }

  get serial(): number {
    return this.inner.serial;
  }

  get firmware(): string {
    return this.inner.firmware;
  }

  /** Device commands received so far (since the last arm()). */
  get commands(): number {
    return this.count;
  }

  /** Whether the planned fault has happened. */
  get faulted(): boolean {
    return this.hit;
  }

  get disconnected(): boolean {
    return this.gone;
  }

  /** Sets (or clears) the fault and starts counting again from the next command. */
  arm(plan: FaultPlan | undefined): void {
    this.plan = plan;
    this.count = 0;
    this.hit = false;
  }

  /** The device is back, freshly booted, as after re-plugging. */
  async reconnect(): Promise<void> {
    if (!this.gone) return;
    this.gone = false;
    await this.inner.reboot?.();
  }

  async reboot(): Promise<void> {
    await this.inner.reboot?.();
  }

  async process(frame: Uint8Array): Promise<Uint8Array> {
    if (this.gone) throw gone(this.inner.serial);
    this.count += 1;
    if (this.plan && !this.hit && this.count === this.plan.atCommand) {
      this.hit = true;
      if (this.plan.kind === 'fail') return errorFrame(DeviceErrorCode.STORAGE_FAILED);
      await this.inner.process(frame);
      this.gone = true;
      throw gone(this.inner.serial);
    }
    return this.inner.process(frame);
  }
}

function gone(serial: number): YubiHsmTransportError {
  return new YubiHsmTransportError(
    `the device stopped answering: the simulated YubiHSM 2 (serial ${serial}) was disconnected; plug it back in and try the step again`,
  );
}

/** Reads `--fault-at k` / `--fault fail|disconnect` for the CLI's simulator. */
export function parseFaultPlan(
  at: string | undefined,
  kind: string | undefined,
): FaultPlan | undefined {
  if (at === undefined) return undefined;
  const atCommand = Number(at);
  if (!Number.isInteger(atCommand) || atCommand < 1)
    throw new RangeError(`--fault-at takes a device command number from 1, not "${at}"`);
  const chosen = kind ?? 'disconnect';
  if (chosen !== 'fail' && chosen !== 'disconnect')
    throw new RangeError(`--fault is fail or disconnect, not "${chosen}"`);
  return { atCommand, kind: chosen };
}
