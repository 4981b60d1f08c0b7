// The verify ceremony's step table, in a module of its own without zod so the renderer can
// import it (the snapshot schemas in verify-snapshot.ts carry zod, which the renderer bundle does
// not).

import { defineSteps } from './wizard';

export const VERIFY_STEP_IDS = ['source', 'devices', 'result'] as const;
export type VerifyStepId = (typeof VERIFY_STEP_IDS)[number];

export const VERIFY_STEPS = defineSteps<VerifyStepId>([
  {
    id: 'source',
    title: 'Ceremony folder',
    summary: 'Choose the ceremony folder whose record the clone is compared with.',
    prerequisites: [],
  },
  {
    id: 'devices',
    title: 'Devices',
    summary:
      'Choose the secondary (and, if it is plugged in, the primary) and give the application key.',
    prerequisites: ['source'],
    needsDevice: true,
  },
  {
    id: 'result',
    title: 'Result',
    summary:
      'The match / mismatch table, the signature checks, and the printable report for the witness.',
    prerequisites: ['devices'],
  },
]);
