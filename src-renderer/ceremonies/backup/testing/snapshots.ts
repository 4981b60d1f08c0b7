// Back-up snapshots shaped as main sends them, for render and frame tests.

import type {
  BackupObject,
  BackupSnapshot,
  BackupView,
} from '../../../../shared/ceremony/backup-snapshot';
import { BACKUP_STEP_IDS } from '../../../../shared/ceremony/backup-steps';

export const PLANNED: BackupObject[] = [
  {
    objectId: 2,
    type: 'wrap-key',
    algorithm: 'aes256-ccm-wrap',
    label: 'Wrap key',
    status: 'not-exportable',
    reason: 'This is the wrap key itself; it is never exported under itself.',
  },
  {
    objectId: 3,
    type: 'authentication-key',
    algorithm: 'aes128-yubico-authentication',
    label: 'Application auth key',
    file: '0x0003-authentication-key.yhw',
    status: 'exists',
    reason: '0x0003-authentication-key.yhw is already in the ceremony folder.',
  },
  {
    objectId: 0x0100,
    type: 'asymmetric-key',
    algorithm: 'ed25519',
    label: 'Rehearsal Ed25519 signing key',
    file: '0x0100-asymmetric-key.yhw',
    status: 'export',
  },
];

export function backupSnapshot(
  view: BackupView,
  extra: Partial<BackupSnapshot> = {},
): BackupSnapshot {
  const index = BACKUP_STEP_IDS.indexOf(view.step);
  return {
    ceremonyId: '1b7e6a52-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
    rehearsal: true,
    steps: { current: view.step, done: BACKUP_STEP_IDS.slice(0, index), skipped: [] },
    folder: '/ceremonies/root-ca-2025',
    ceremonyName: 'Root CA 2025',
    ...(index >= 1
      ? { primary: { deviceId: 'sim:primary', serial: 7550001, simulated: true } }
      : {}),
    view,
    ...extra,
  };
}

export function reviewView(
  extra: Partial<Extract<BackupView, { step: 'review' }>> = {},
): Extract<BackupView, { step: 'review' }> {
  return {
    step: 'review',
    wrapKeyId: 2,
    authKeyId: 3,
    objects: PLANNED,
    sampleKeys: { offered: true, generated: [] },
    ...extra,
  };
}
