// The steps of "Initialize primary (YubiHSM 2)" (DESIGN.md, Ceremonies): the equivalent of
// `yubihsm-setup ksp`, generalised to M-of-N with a ceremony record.

import { defineSteps } from './wizard';

export type InitStepId =
  'preflight' | 'plan' | 'review' | 'shares' | 'verification' | 'device-steps' | 'record';

export const INIT_STEPS = defineSteps<InitStepId>([
  {
    id: 'preflight',
    title: 'Preflight',
    summary:
      'Choose the primary YubiHSM 2 and check that only its factory authentication key is on it.',
    prerequisites: [],
    needsDevice: true,
  },
  {
    id: 'plan',
    title: 'Plan',
    summary: 'Set the threshold (M of N), name the custodians, and choose domains and object ids.',
    prerequisites: ['preflight'],
  },
  {
    id: 'review',
    title: 'Review',
    summary: 'Read the whole plan back aloud with the witnesses before anything is created.',
    prerequisites: ['plan'],
  },
  {
    id: 'shares',
    title: 'Shares',
    summary:
      'The wrap key is split; custodians take turns, each sees and records only their own share.',
    prerequisites: ['review'],
    // A share that was shown and cleared is never shown again.
    lockedOnceDone: true,
  },
  {
    id: 'verification',
    title: 'Verification round',
    summary: 'Each custodian types their share back, proving it was recorded correctly.',
    prerequisites: ['shares'],
    optional: true,
  },
  {
    id: 'device-steps',
    title: 'Device steps',
    summary:
      'Put the wrap key, create the application and audit keys, export them under wrap, delete the factory key.',
    prerequisites: ['shares', 'verification'],
    needsDevice: true,
    // Once the factory key is deleted the device cannot go back to how it was.
    lockedOnceDone: true,
  },
  {
    id: 'record',
    title: 'Record',
    summary: 'Write the ceremony record and the wrapped .yhw files to the ceremony folder.',
    prerequisites: ['device-steps'],
  },
]);
