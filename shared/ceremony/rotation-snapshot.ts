// What main may show of a wrap-key rotation (issue 12 §3): where it is, the current set's
// custodians by number and name, the new shares one custodian at a time (the new share only in
// the reveal phase of its custodian's turn, as at initialization), and every device with how far
// it got. Never the old or new wrap key, a password, or a share outside its custodian's turn.

import { z } from 'zod';
import { SharesViewSchema } from './init-snapshot';
import { ROTATION_STEP_IDS } from './rotation-steps';
import { AirGapWarningsSchema, ProblemSchema, StoppedSchema, stepsSchema } from './snapshot-parts';

export const RotationStepIdSchema = z.enum(ROTATION_STEP_IDS);

const Custodian = z.object({ index: z.number().int(), name: z.string() });

export const RotationDeviceViewSchema = z.object({
  role: z.enum(['primary', 'secondary']),
  serial: z.number().int(),
  stage: z.enum(['old-key', 'both-keys', 'new-key']),
  exported: z.boolean(),
  /** What this device needs next ('done' once it holds only the new key). */
  next: z.enum(['put-new-key', 'export', 'delete-old-key', 'done']),
  /** A sentence when it may not be rotated yet (the primary goes first). */
  waitsFor: z.string().optional(),
});

export const RotationViewSchema = z.discriminatedUnion('step', [
  z.object({
    step: z.literal('source'),
    /** The key that manages wrap keys was given (its password is never sent back). */
    rotationKeyGiven: z.boolean(),
    auditKeyGiven: z.boolean(),
  }),
  z.object({
    step: z.literal('authorize'),
    /** Whose shares are asked for: the current set's, or (resuming) the new set's. */
    set: z.enum(['current', 'new']),
    phase: z.enum(['handover', 'entry', 'cleared', 'recombined']),
    threshold: z.number().int(),
    waiting: z.array(Custodian),
    accepted: z.array(z.number().int()),
    atKeyboard: Custodian.optional(),
    refusal: z.object({ message: z.string() }).optional(),
    leftBecause: z.enum(['idle', 'blur', 'escape', 'user']).optional(),
    /** Why the shares entered do not rebuild the recorded key (the set is asked for again). */
    setProblems: z.array(z.string()),
    /** The key rebuilt matches the recorded check value. */
    kcv: z.string().optional(),
  }),
  z.object({
    step: z.literal('new-shares'),
    newWrapKeyId: z.number().int(),
    turn: SharesViewSchema,
  }),
  z.object({
    step: z.literal('devices'),
    newKcv: z.string(),
    backupFolder: z.string(),
    devices: z.array(RotationDeviceViewSchema),
    /** A device step failed in a way that plugging the device back in and running again fixes. */
    canRetry: z.boolean(),
    /** The last device run, as sentences (what was done, what was written). */
    said: z.array(z.string()),
  }),
  z.object({
    step: z.literal('finished'),
    newKcv: z.string(),
    newWrapKeyId: z.number().int(),
    backupFolder: z.string(),
    files: z.array(z.string()),
    notExported: z.array(z.string()),
    /** The old .yhw files, to destroy by hand: Custos never deletes them. */
    toDestroy: z.array(z.string()),
    audits: z.array(z.string()),
    transcriptHead: z.string(),
  }),
]);

export const RotationSnapshotSchema = z.object({
  ceremonyId: z.string(),
  rehearsal: z.boolean(),
  steps: stepsSchema(RotationStepIdSchema),
  /** The ceremony being rotated, once its folder is chosen. */
  ceremony: z
    .object({
      folder: z.string(),
      name: z.string(),
      primarySerial: z.number().int(),
      kcv: z.string(),
      wrapKeyId: z.number().int(),
      threshold: z.number().int(),
      custodians: z.array(Custodian),
      /** A rotation of this ceremony stopped part-way and is being resumed. */
      resuming: z.boolean(),
    })
    .optional(),
  view: RotationViewSchema,
  busy: z.string().optional(),
  problem: ProblemSchema.optional(),
  stopped: StoppedSchema.optional(),
  airGapWarnings: AirGapWarningsSchema,
});

export type RotationSnapshot = z.infer<typeof RotationSnapshotSchema>;
export type RotationView = z.infer<typeof RotationViewSchema>;
export type RotationDeviceView = z.infer<typeof RotationDeviceViewSchema>;
