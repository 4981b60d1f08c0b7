// The DKEK initialisation ceremony's step table (issue 10), without zod so the renderer can
// import it. The share files are made, shown and proven to open before the device is touched;
// a plan without shares (mode none or random) leaves that step out.

import { defineSteps } from './wizard';

export const DKEK_INIT_STEP_IDS = ['preflight', 'plan', 'shares', 'device', 'record'] as const;
export type DkekInitStepId = (typeof DKEK_INIT_STEP_IDS)[number];

export const DKEK_INIT_STEPS = defineSteps<DkekInitStepId>([
  {
    id: 'preflight',
    title: 'Preflight',
    summary:
      'Choose the SmartCard-HSM and see whether it is initialised, where its DKEK stands and which keys it holds.',
    prerequisites: [],
    needsDevice: true,
  },
  {
    id: 'plan',
    title: 'Plan',
    summary: 'Name the ceremony, set the PINs, and choose the DKEK mode and who holds each share.',
    prerequisites: ['preflight'],
  },
  {
    id: 'shares',
    title: 'Share files',
    summary:
      'Make every share file, hand each password share to its custodian, and prove the set opens before the device is touched.',
    prerequisites: ['plan'],
    optional: true,
    lockedOnceDone: true,
  },
  {
    id: 'device',
    title: 'Device steps',
    summary:
      'Initialise the device for the shares, import each one, and compare its check value with the files.',
    prerequisites: ['plan'],
    needsDevice: true,
    lockedOnceDone: true,
  },
  {
    id: 'record',
    title: 'Record',
    summary: 'The record: device, mode, share files, check value and the transcript hash.',
    prerequisites: ['device'],
  },
]);
