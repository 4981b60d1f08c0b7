// The verify ceremony's step table for the screens. It mirrors VERIFY_STEPS in
// shared/ceremony/verify-session.ts (steps.test.ts holds them equal): that module also defines the
// snapshot's zod schemas, and importing it would put zod into the renderer bundle for the sake
// of a table. Once the table has a zod-free module of its own (as init-steps.ts does), import
// it from there and delete this file.

import type { VerifyStepId } from '../../../shared/ceremony/verify-session';
import { defineSteps } from '../../../shared/ceremony/wizard';

export const VERIFY_STEPS = defineSteps<VerifyStepId>([
  { id: 'source', title: 'Ceremony folder', summary: 'Choose the ceremony folder whose record the clone is compared with.', prerequisites: [] },
  {
    id: 'devices',
    title: 'Devices',
    summary: 'Choose the secondary (and, if it is plugged in, the primary) and give the application key.',
    prerequisites: ['source'],
    needsDevice: true,
  },
  {
    id: 'result',
    title: 'Result',
    summary: 'The match / mismatch table, the signature checks, and the printable report for the witness.',
    prerequisites: ['devices'],
  },
]);
