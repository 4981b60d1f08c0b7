// The step tables of the DKEK key ceremonies for the SmartCard-HSM family (issue 10): back up the
// primary's keys under the DKEK, clone a secondary (initialise, import the same shares, check the
// KCV, unwrap), verify the clone. Without zod, so the renderer can import them.

import { defineSteps } from './wizard';

export const DKEK_BACKUP_STEP_IDS = ['folder', 'device', 'review', 'wrap'] as const;
export type DkekBackupStepId = (typeof DKEK_BACKUP_STEP_IDS)[number];

export const DKEK_BACKUP_STEPS = defineSteps<DkekBackupStepId>([
  {
    id: 'folder',
    title: 'Ceremony folder',
    summary: 'Choose the DKEK ceremony folder the wrapped keys go to.',
    prerequisites: [],
  },
  {
    id: 'device',
    title: 'Primary',
    summary: 'Choose the primary and give its user PIN; its DKEK is compared with the record.',
    prerequisites: ['folder'],
    needsDevice: true,
  },
  {
    id: 'review',
    title: 'Review',
    summary: 'See each key (reference, type, label, certificate subject) and its file name.',
    prerequisites: ['device'],
    needsDevice: true,
  },
  {
    id: 'wrap',
    title: 'Wrap',
    summary: 'Wrap every key under the DKEK into its file and record each with its check value.',
    prerequisites: ['review'],
    needsDevice: true,
    lockedOnceDone: true,
  },
]);

export const DKEK_RESTORE_STEP_IDS = ['folder', 'device', 'shares', 'unwrap'] as const;
export type DkekRestoreStepId = (typeof DKEK_RESTORE_STEP_IDS)[number];

export const DKEK_RESTORE_STEPS = defineSteps<DkekRestoreStepId>([
  {
    id: 'folder',
    title: 'Ceremony folder',
    summary: 'Choose the DKEK ceremony folder with the record and the wrapped keys.',
    prerequisites: [],
  },
  {
    id: 'device',
    title: 'Secondary',
    summary:
      'Choose the secondary: not the primary, holding no keys of its own; it is initialised with the same share count.',
    prerequisites: ['folder'],
    needsDevice: true,
  },
  {
    id: 'shares',
    title: 'Shares',
    summary:
      'Each share holder imports the same share; after the last, the KCV is compared with the record before any key is unwrapped.',
    prerequisites: ['device'],
    needsDevice: true,
    lockedOnceDone: true,
  },
  {
    id: 'unwrap',
    title: 'Unwrap',
    summary: 'Unwrap every wrapped file into the secondary and report each.',
    prerequisites: ['shares'],
    needsDevice: true,
    lockedOnceDone: true,
  },
]);

/**
 * The same steps in the sequential import across sites (`dkek import`): the device is the one
 * the DKEK ceremony initialised, carried here; it is not a secondary, and nothing is unwrapped.
 */
export const DKEK_IMPORT_STEPS = defineSteps<DkekRestoreStepId>(
  DKEK_RESTORE_STEPS.map((step) => {
    if (step.id === 'folder')
      return { ...step, summary: 'Choose the DKEK ceremony folder whose record the import joins.' };
    if (step.id === 'device')
      return {
        ...step,
        title: 'Device',
        summary:
          'Choose the device the DKEK ceremony initialised; it says how many shares are still outstanding.',
      };
    if (step.id === 'shares')
      return {
        ...step,
        summary:
          'The next share holder imports their share; when none is outstanding the KCV is compared with the record.',
      };
    return { ...step, title: 'Keys', summary: 'Nothing is unwrapped in an import.' };
  }),
);

export const DKEK_VERIFY_STEP_IDS = ['folder', 'device', 'result'] as const;
export type DkekVerifyStepId = (typeof DKEK_VERIFY_STEP_IDS)[number];

export const DKEK_VERIFY_STEPS = defineSteps<DkekVerifyStepId>([
  {
    id: 'folder',
    title: 'Ceremony folder',
    summary: 'Choose the DKEK ceremony folder whose record the clone is compared with.',
    prerequisites: [],
  },
  {
    id: 'device',
    title: 'Clone',
    summary: 'Choose the cloned secondary and give its user PIN.',
    prerequisites: ['folder'],
    needsDevice: true,
  },
  {
    id: 'result',
    title: 'Result',
    summary:
      'KCV, key references, types, labels and public keys compared; every signing key proven by a fresh challenge; the printable report.',
    prerequisites: ['device'],
  },
]);
