// The wrap-key rotation's step table (issue 12 §3) and the pure moves of one device through it,
// in a module without zod so the renderer can import it. A rotation is day one again for the
// wrap key only: the current custodians prove their set, a new key is made and split, then
// every device the record knows takes the new key, the primary's objects are exported under it,
// and the old key is deleted — device by device, each one resumable where it stopped.

import { defineSteps } from './wizard';

export const ROTATION_STEP_IDS = [
  'source',
  'authorize',
  'new-shares',
  'devices',
  'finished',
] as const;
export type RotationStepId = (typeof ROTATION_STEP_IDS)[number];

export const ROTATION_STEPS = defineSteps<RotationStepId>([
  {
    id: 'source',
    title: 'Ceremony folder',
    summary:
      'Choose the ceremony folder, and give the authentication key that may put and delete wrap keys.',
    prerequisites: [],
  },
  {
    id: 'authorize',
    title: 'Current shares',
    summary:
      'M custodians of the current set enter their shares; the set must rebuild the recorded wrap key.',
    prerequisites: ['source'],
    // Shares typed and cleared are not asked for again in this rotation.
    lockedOnceDone: true,
  },
  {
    id: 'new-shares',
    title: 'New shares',
    summary:
      'A new wrap key is made (device random XOR host random) and split; each custodian records their new share.',
    prerequisites: ['authorize'],
    // Left out when a rotation that stopped part-way is resumed: its new shares exist already,
    // and the custodians' new shares are what the authorize step asks for.
    optional: true,
    lockedOnceDone: true,
  },
  {
    id: 'devices',
    title: 'Devices',
    summary:
      'Each device in turn: the new wrap key put, the primary’s objects exported under it, the old wrap key deleted.',
    prerequisites: ['new-shares'],
    needsDevice: true,
    lockedOnceDone: true,
  },
  {
    id: 'finished',
    title: 'Done',
    summary:
      'The new check value, the new backup folder, and the old .yhw files to destroy by hand.',
    prerequisites: ['devices'],
  },
]);

export type RotationRole = 'primary' | 'secondary';

/** How far a device got: only the old key, both keys, or only the new key (the old one deleted). */
export type RotationDeviceStage = 'old-key' | 'both-keys' | 'new-key';

export interface RotationDeviceProgress {
  readonly role: RotationRole;
  readonly serial: number;
  readonly stage: RotationDeviceStage;
  /** The primary's objects were all exported under the new key (always false on a secondary). */
  readonly exported?: boolean;
}

/** What a device needs next. The primary exports before its old key goes. */
export type RotationDeviceTask = 'put-new-key' | 'export' | 'delete-old-key' | 'done';

export function nextDeviceTask(device: RotationDeviceProgress): RotationDeviceTask {
  if (device.stage === 'new-key') return 'done';
  if (device.stage === 'old-key') return 'put-new-key';
  if (device.role === 'primary' && !device.exported) return 'export';
  return 'delete-old-key';
}

/** The device after `task` succeeded on it. */
export function afterDeviceTask(
  device: RotationDeviceProgress,
  task: RotationDeviceTask,
): RotationDeviceProgress {
  switch (task) {
    case 'put-new-key':
      return { ...device, stage: 'both-keys' };
    case 'export':
      return { ...device, exported: true };
    case 'delete-old-key':
      return { ...device, stage: 'new-key' };
    case 'done':
      return device;
  }
}

/**
 * Why this device may not be rotated now, or undefined. The primary goes first: until its objects
 * are exported under the new key there are no .yhw files the new shares restore, so no old key
 * may be deleted anywhere before that.
 */
export function whyNotNow(
  devices: readonly RotationDeviceProgress[],
  serial: number,
): string | undefined {
  const device = devices.find((d) => d.serial === serial);
  if (!device) return `serial ${serial} is not a device of this ceremony`;
  if (device.stage === 'new-key')
    return `the ${device.role} (serial ${serial}) already holds only the new wrap key`;
  const primary = devices.find((d) => d.role === 'primary');
  if (device.role === 'secondary' && primary && !primary.exported)
    return `the primary (serial ${primary.serial}) goes first, so the backups exist under the new wrap key before any old key is deleted`;
  return undefined;
}

/** The devices that still hold the old wrap key. */
export function stillHoldingOldKey(
  devices: readonly RotationDeviceProgress[],
): RotationDeviceProgress[] {
  return devices.filter((d) => d.stage !== 'new-key');
}

/** Every device holds only the new key: the rotation is complete. */
export function rotationComplete(devices: readonly RotationDeviceProgress[]): boolean {
  return devices.length > 0 && stillHoldingOldKey(devices).length === 0;
}
