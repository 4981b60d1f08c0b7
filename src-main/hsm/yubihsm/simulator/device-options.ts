// Device options (spec §4.3 SET/GET OPTION, §7, §8.2): force-audit and per-command audit.
// Values: 0 off, 1 on, 2 fixed on (only RESET DEVICE clears a fixed option).

import { Command } from '../protocol/commands';
import { concatBytes } from '../protocol/bytes';
import { refuse } from './device-failure';

export const OptionTag = { ForceAudit: 0x01, CommandAudit: 0x03 } as const;

/**
 * The commands GET OPTION command-audit lists, in the order a current device lists them (spec
 * §8.2, the Yubico docs' sample reply).
 */
export const AUDITABLE_COMMANDS: readonly number[] = [
  0x01, 0x03, 0x04, 0x05, 0x06, 0x07, 0x09, 0x08, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47,
  0x55, 0x56, 0x48, 0x49, 0x57, 0x4a, 0x4b, 0x4c, 0x4d, 0x67, 0x4e, 0x4f, 0x50, 0x51, 0x52, 0x53,
  0x54, 0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, 0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
  0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x0a, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76,
  0x77,
];

/**
 * Never logged under force-audit: the commands Yubico's own test setup leaves out (spec §8.2).
 * Without them a full log could never be read back.
 */
const NOT_FORCE_AUDITED: ReadonlySet<number> = new Set([
  Command.Echo,
  Command.SessionMessage,
  Command.DeviceInfo,
  Command.GetLogEntries,
]);

export interface DeviceOptions {
  forceAudit: number;
  /** Command code -> 0/1/2; commands not present are 0. Factory default: all 0 (fw >= 2.3.1, §7). */
  commandAudit: Map<number, number>;
}

export function factoryOptions(): DeviceOptions {
  return { forceAudit: 0, commandAudit: new Map() };
}

export function isLogged(options: DeviceOptions, command: number): boolean {
  if ((options.commandAudit.get(command) ?? 0) !== 0) return true;
  return options.forceAudit !== 0 && !NOT_FORCE_AUDITED.has(command);
}

/** GET OPTION (spec §4.3). Unsupported tags -> INVALID_DATA (python then falls back, §4.3). */
export function getOption(options: DeviceOptions, tag: number): Uint8Array {
  switch (tag) {
    case OptionTag.ForceAudit:
      return Uint8Array.of(options.forceAudit);
    case OptionTag.CommandAudit:
      return concatBytes(
        ...AUDITABLE_COMMANDS.map((command) =>
          Uint8Array.of(command, options.commandAudit.get(command) ?? 0),
        ),
      );
    default:
      return refuse.invalidData();
  }
}

/** SET OPTION (spec §4.3): validates everything before changing anything. */
export function setOption(options: DeviceOptions, tag: number, value: Uint8Array): void {
  switch (tag) {
    case OptionTag.ForceAudit: {
      if (value.length !== 1) refuse.wrongLength();
      const next = value[0]!;
      if (next > 2 || !mayChange(options.forceAudit, next)) refuse.invalidData();
      options.forceAudit = next;
      return;
    }
    case OptionTag.CommandAudit: {
      if (value.length === 0 || value.length % 2 !== 0) refuse.wrongLength();
      const changes: [number, number][] = [];
      for (let i = 0; i < value.length; i += 2) {
        const command = value[i]!;
        const next = value[i + 1]!;
        if (!AUDITABLE_COMMANDS.includes(command) || next > 2) refuse.invalidData();
        if (!mayChange(options.commandAudit.get(command) ?? 0, next)) refuse.invalidData();
        changes.push([command, next]);
      }
      for (const [command, next] of changes) options.commandAudit.set(command, next);
      return;
    }
    default:
      refuse.invalidData();
  }
}

/** A fixed (2) option stays fixed until reset. */
function mayChange(current: number, next: number): boolean {
  return current !== 2 || next === 2;
}
