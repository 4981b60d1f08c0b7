// What a step that needs a device should show, as one prompt union (STYLE.md §10, §12):
// screens render the prompt, they never test "is it plugged in" themselves.

import type { DeviceStatus, DeviceView } from '../../shared/ipc/devices';

export type StatusKind = DeviceStatus['kind'];

/**
 * What the step needs. Before the ceremony has chosen its device, `serial` is null and the
 * person picks one among the devices whose status is in `accept`; after that the step needs
 * that serial and nothing else (its status may change as the ceremony works on it).
 */
export interface DeviceRequirement {
  /** How the prompt names the device: "the primary YubiHSM 2". */
  readonly role: string;
  readonly serial: number | null;
  readonly accept: readonly StatusKind[];
}

/** What the gate remembers between renders: whether the required device was here this step. */
export interface GateMemory {
  readonly serial: number | null;
  readonly seen: DeviceView | null;
}

export type GatePrompt =
  | { readonly kind: 'ready'; readonly device: DeviceView }
  | { readonly kind: 'no-device'; readonly serial: number | null }
  /** The ceremony chose a serial, and the devices present are others. */
  | {
      readonly kind: 'wrong-device';
      readonly serial: number;
      readonly present: readonly DeviceView[];
    }
  /** The required device was here during this step and has gone. */
  | { readonly kind: 'unplugged'; readonly device: DeviceView }
  | { readonly kind: 'unreachable'; readonly device: DeviceView; readonly reason: string }
  | { readonly kind: 'checking'; readonly devices: readonly DeviceView[] }
  | {
      readonly kind: 'choose';
      readonly candidates: readonly DeviceView[];
      readonly others: readonly DeviceView[];
    }
  | { readonly kind: 'none-suitable'; readonly devices: readonly DeviceView[] };

export const FRESH_GATE: GateMemory = { serial: null, seen: null };

/**
 * Folds the current device list into the memory. Returns the same object when nothing changed,
 * so a component can store it without re-rendering forever.
 */
export function remember(
  memory: GateMemory,
  requirement: DeviceRequirement,
  devices: readonly DeviceView[],
): GateMemory {
  if (memory.serial !== requirement.serial)
    return remember({ serial: requirement.serial, seen: null }, requirement, devices);
  if (requirement.serial === null) return memory;
  const present = devices.find((device) => device.serial === requirement.serial);
  if (!present || present === memory.seen) return memory;
  return { serial: requirement.serial, seen: present };
}

export function gatePrompt(
  memory: GateMemory,
  requirement: DeviceRequirement,
  devices: readonly DeviceView[],
): GatePrompt {
  const current = remember(memory, requirement, devices);
  if (requirement.serial === null) return choosePrompt(requirement, devices);

  const device = devices.find((candidate) => candidate.serial === requirement.serial);
  if (device) {
    return device.status.kind === 'unreachable'
      ? { kind: 'unreachable', device, reason: device.status.reason }
      : { kind: 'ready', device };
  }
  if (current.seen) return { kind: 'unplugged', device: current.seen };
  if (devices.length > 0)
    return { kind: 'wrong-device', serial: requirement.serial, present: devices };
  return { kind: 'no-device', serial: requirement.serial };
}

function choosePrompt(requirement: DeviceRequirement, devices: readonly DeviceView[]): GatePrompt {
  if (devices.length === 0) return { kind: 'no-device', serial: null };
  const candidates = devices.filter((device) => requirement.accept.includes(device.status.kind));
  const others = devices.filter((device) => !candidates.includes(device));
  if (candidates.length > 0) return { kind: 'choose', candidates, others };
  const checking = devices.filter((device) => device.status.kind === 'checking');
  if (checking.length > 0) return { kind: 'checking', devices: checking };
  return { kind: 'none-suitable', devices };
}
