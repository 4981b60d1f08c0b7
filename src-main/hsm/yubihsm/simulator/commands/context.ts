// What an inner command handler gets (spec §4): the device state, the session's rights, the
// request payload and the device's random source. It returns the response payload or throws a
// DeviceFailure; it records the ids it touched so the audit log can name them (spec §8.1).

import type { DeviceState } from '../device-state';
import type { SessionRights } from '../sessions';

export interface DeviceIdentity {
  serial: number;
  /** [major, minor, patch] */
  version: readonly [number, number, number];
}

export interface CommandContext {
  readonly state: DeviceState;
  readonly identity: DeviceIdentity;
  readonly rights: SessionRights;
  readonly payload: Uint8Array;
  readonly randomBytes: (count: number) => Uint8Array;
  /** Largest response payload that still fits a response frame. */
  readonly maxResponse: number;
  /** Object ids for the log entry; 0xFFFF when none. */
  target: number;
  second: number;
  /** Set when persistent state changed, so the device writes its state file. */
  changed: boolean;
  /** What the device does once the response is on its way. */
  after?: 'close-session' | 'reset-device';
}

export type CommandHandler = (context: CommandContext) => Uint8Array | Promise<Uint8Array>;

export const EMPTY = new Uint8Array(0);
