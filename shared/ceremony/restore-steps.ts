// The restore ceremony's step table, in a module of its own without zod so the renderer can
// import it (the snapshot schemas in restore-snapshot.ts carry zod, which the renderer bundle does
// not).

import { defineSteps } from './wizard';

export const RESTORE_STEP_IDS = [
  'source',
  'secondary',
  'shares',
  'device-steps',
  'finished',
] as const;
export type RestoreStepId = (typeof RESTORE_STEP_IDS)[number];

export const RESTORE_STEPS = defineSteps<RestoreStepId>([
  {
    id: 'source',
    title: 'Ceremony folder',
    summary:
      'Choose the ceremony folder (or a folder of yubihsm-setup .yhw files) to restore from.',
    prerequisites: [],
  },
  {
    id: 'secondary',
    title: 'Secondary',
    summary: 'Choose the factory-fresh secondary YubiHSM 2; it must not be the primary.',
    prerequisites: ['source'],
    needsDevice: true,
  },
  {
    id: 'shares',
    title: 'Shares',
    summary:
      'Custodians take turns typing their share; each is checked before the next one steps up.',
    prerequisites: ['secondary'],
    // Shares that were typed and cleared are not asked for again in this restore.
    lockedOnceDone: true,
  },
  {
    id: 'device-steps',
    title: 'Device steps',
    summary:
      'Put the wrap key, import every .yhw file, and delete the factory key once the application key is on the device.',
    prerequisites: ['shares'],
    needsDevice: true,
    lockedOnceDone: true,
  },
  {
    id: 'finished',
    title: 'Done',
    summary: 'What was imported, what was skipped and why, and what is on the secondary now.',
    prerequisites: ['device-steps'],
  },
]);
