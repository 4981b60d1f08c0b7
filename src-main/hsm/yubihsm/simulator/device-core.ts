// The parts of the simulated device every request path shares: identity, persistent state,
// session slots, clock, random source, and the write-through to the state file.

import type { DeviceIdentity } from './commands/context';
import type { DeviceState } from './device-state';
import type { SessionTable } from './sessions';

export interface DeviceCore {
  readonly identity: DeviceIdentity;
  state: DeviceState;
  readonly sessions: SessionTable;
  readonly randomBytes: (count: number) => Uint8Array;
  readonly now: () => number;
  /** Clock reading at the last power-up: log entries carry milliseconds since then. */
  bootTime: number;
  /** Writes the state file (no-op without one). Resolves false when the write failed. */
  persist(): Promise<boolean>;
  /** RESET DEVICE's wipe and reboot (spec §7). */
  reset(): Promise<void>;
}

export function systick(core: DeviceCore): number {
  return Math.max(0, core.now() - core.bootTime) >>> 0;
}
