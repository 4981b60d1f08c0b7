// The dump ceremony's step table for the screens. It mirrors DUMP_STEPS in
// shared/ceremony/dump-session.ts (steps.test.ts holds them equal): that module also defines the
// snapshot's zod schemas, and importing it would put zod into the renderer bundle for the sake
// of a table. Once the table has a zod-free module of its own (as init-steps.ts does), import
// it from there and delete this file.

import type { DumpStepId } from '../../../shared/ceremony/dump-session';
import { defineSteps } from '../../../shared/ceremony/wizard';

export const DUMP_STEPS = defineSteps<DumpStepId>([
  { id: 'source', title: 'Ceremony folder', summary: 'Choose the ceremony folder the backups go to.', prerequisites: [] },
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
    summary: 'See which objects will be exported, which files already exist, and which objects cannot be exported and why.',
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
