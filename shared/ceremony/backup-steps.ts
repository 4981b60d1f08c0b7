// The dump ceremony's step table, in a module of its own without zod so the renderer can
// import it (the snapshot schemas in backup-snapshot.ts carry zod, which the renderer bundle does
// not).

import { defineSteps } from './wizard';

export const BACKUP_STEP_IDS = ['source', 'primary', 'review', 'export'] as const;
export type BackupStepId = (typeof BACKUP_STEP_IDS)[number];

export const BACKUP_STEPS = defineSteps<BackupStepId>([
  {
    id: 'source',
    title: 'Ceremony folder',
    summary: 'Choose the ceremony folder the backups go to.',
    prerequisites: [],
  },
  {
    id: 'primary',
    title: 'Primary',
    summary: 'Choose the primary YubiHSM 2 and open a session with the application key.',
    prerequisites: ['source'],
    needsDevice: true,
  },
  {
    id: 'review',
    title: 'Review',
    summary:
      'See which objects will be exported, which files already exist, and which objects cannot be exported and why.',
    prerequisites: ['primary'],
    needsDevice: true,
  },
  {
    id: 'export',
    title: 'Export',
    summary: 'Export every exportable object under the wrap key and record what was written.',
    prerequisites: ['review'],
    needsDevice: true,
    lockedOnceDone: true,
  },
]);
