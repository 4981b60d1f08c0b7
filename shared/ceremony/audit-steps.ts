// The share audit's and the reshare's step tables (issue 12 §1–2), in a module without zod so
// the renderer can import them. Neither touches a device: the audit proves the custodians'
// shares against the record; the reshare splits the same wrap key again for new custodians.

import { defineSteps } from './wizard';

export const AUDIT_STEP_IDS = ['source', 'shares', 'result'] as const;
export type AuditStepId = (typeof AUDIT_STEP_IDS)[number];

export const AUDIT_STEPS = defineSteps<AuditStepId>([
  {
    id: 'source',
    title: 'Ceremony folder',
    summary: 'Choose the ceremony folder whose shares are audited.',
    prerequisites: [],
  },
  {
    id: 'shares',
    title: 'Shares',
    summary:
      'Custodians take turns entering their share; each is checked against its commitment in the record.',
    prerequisites: ['source'],
    // Shares that were entered and cleared are not asked for again in this audit.
    lockedOnceDone: true,
  },
  {
    id: 'result',
    title: 'Result',
    summary:
      'Which shares were proven, whether they rebuild the recorded wrap key, and the report.',
    prerequisites: ['shares'],
  },
]);

export const RESHARE_STEP_IDS = [
  'source',
  'plan',
  'old-shares',
  'new-shares',
  'verification',
  'finished',
] as const;
export type ReshareStepId = (typeof RESHARE_STEP_IDS)[number];

export const RESHARE_STEPS = defineSteps<ReshareStepId>([
  {
    id: 'source',
    title: 'Ceremony folder',
    summary: 'Choose the ceremony folder whose wrap key is split again.',
    prerequisites: [],
  },
  {
    id: 'plan',
    title: 'New custodians',
    summary: 'Name the new custodians and the new threshold (and the share format and check).',
    prerequisites: ['source'],
  },
  {
    id: 'old-shares',
    title: 'Current shares',
    summary: 'Enough current custodians enter their shares; the wrap key is rebuilt and checked.',
    prerequisites: ['plan'],
    lockedOnceDone: true,
  },
  {
    id: 'new-shares',
    title: 'New shares',
    summary: 'Each new custodian in turn sees, records and confirms their new share.',
    prerequisites: ['old-shares'],
    lockedOnceDone: true,
  },
  {
    id: 'verification',
    title: 'Verification round',
    summary: 'Every new custodian types their share back; every subset must rebuild the key.',
    prerequisites: ['new-shares'],
    optional: true,
    lockedOnceDone: true,
  },
  {
    id: 'finished',
    title: 'Done',
    summary: 'The new set is recorded and the old set marked superseded.',
    prerequisites: ['new-shares', 'verification'],
  },
]);
