// Write-through of the device state to its state file, all or nothing: when a write fails the
// device goes back to the state last written, so a command answered STORAGE_FAILED has not
// happened, as on a device whose flash write failed.

import type { DeviceState } from './device-state';
import { writeSealedState } from './persistence';
import { decodeState, encodeState } from './state-codec';

export class DeviceFlash {
  /** Encoding of the state on disk; held only to roll back to, zeroized when replaced. */
  private written: Uint8Array | undefined;

  constructor(
    private readonly statePath: string,
    private readonly storageKey: Uint8Array,
    private readonly identity: { serial: number; firmware: string },
  ) {}

  /** Writes `state`. On failure returns the state last written, for the device to go back to. */
  async write(
    state: DeviceState,
  ): Promise<{ ok: true } | { ok: false; previous: DeviceState | undefined }> {
    const encoded = encodeState(state);
    try {
      await writeSealedState(this.statePath, this.storageKey, this.identity, encoded);
    } catch {
      encoded.fill(0);
      return { ok: false, previous: this.written ? decodeState(this.written) : undefined };
    }
    this.written?.fill(0);
    this.written = encoded;
    return { ok: true };
  }
}
