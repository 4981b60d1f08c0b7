// What main tells the renderer about the DKEK key ceremonies of the SmartCard-HSM family (issue
// 10): the back-up, the clone (restore) and the verification. PINs and passwords travel
// renderer -> main only; no snapshot holds a share, a password, a PIN or a key.

import { z } from 'zod';
import {
  DKEK_BACKUP_STEP_IDS,
  DKEK_RESTORE_STEP_IDS,
  DKEK_VERIFY_STEP_IDS,
} from './dkek-clone-steps';
import { AirGapWarningsSchema, ProblemSchema, StoppedSchema, stepsSchema } from './snapshot-parts';

export * from './dkek-clone-steps';

/** The card chosen for the step, as the card itself says. */
export const ChosenCardSchema = z.object({
  deviceId: z.string(),
  serial: z.string().optional(),
  version: z.string(),
  simulated: z.boolean(),
});

/** One key on the primary and what the back-up does with it. */
export const DkekBackupKeySchema = z.object({
  keyReference: z.number().int(),
  label: z.string().optional(),
  type: z.string(),
  certificateSubject: z.string().optional(),
  file: z.string(),
  status: z.enum(['to-wrap', 'written', 'kept', 'not-wrapped']),
  blobKcv: z.string().optional(),
  reason: z.string().optional(),
});

const common = {
  ceremonyId: z.string(),
  rehearsal: z.boolean(),
  folder: z.string().optional(),
  device: ChosenCardSchema.optional(),
  /** The DKEK domain's check value, from the record or the device. */
  kcv: z.string().optional(),
  busy: z.string().optional(),
  problem: ProblemSchema.optional(),
  stopped: StoppedSchema.optional(),
  finished: z.boolean(),
  airGapWarnings: AirGapWarningsSchema,
};

export const DkekBackupSnapshotSchema = z.object({
  ...common,
  steps: stepsSchema(z.enum(DKEK_BACKUP_STEP_IDS)),
  keys: z.array(DkekBackupKeySchema),
  summary: z.string().optional(),
});

export const DkekCloneFileSchema = z.object({
  file: z.string(),
  keyReference: z.number().int().optional(),
  label: z.string().optional(),
  outcome: z.enum(['to-unwrap', 'unwrapped', 'already-present', 'skipped']),
  reason: z.string().optional(),
});

/** A share holder's turn at the import (custodian-turn.ts): who, which file, never a secret. */
export const DkekHolderTurnSchema = z.object({
  shareNumber: z.number().int(),
  /** The share file's name, as the record names it. */
  file: z.string(),
  holders: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('password'), custodian: z.string() }),
    z.object({
      kind: z.literal('password-split'),
      custodians: z.array(z.string()),
      threshold: z.number().int(),
    }),
  ]),
  phase: z.enum(['handover', 'entry', 'cleared']),
  /** Why the last entry was emptied (Esc, blur, idle, the holder's button). */
  cleared: z.string().optional(),
  /** The custodians whose password shares are in, in the order given. */
  passwordSharesIn: z.array(z.string()),
  /** The last sentence about what was given (a wrong password, which password share is wrong). */
  refusal: z.string().optional(),
  /** How long an entry may sit untouched before it is cleared. */
  idleSeconds: z.number().int(),
});

/** A share file being opened: step k of sc-hsm-tool's three MD5 chains. */
export const DkekDerivationSchema = z.object({
  shareNumber: z.number().int(),
  step: z.number().int(),
  fraction: z.number(),
});

export const DkekRestoreSnapshotSchema = z.object({
  ...common,
  /** clone: a secondary from the back-up; import: the next holder's share into a travelling device. */
  mode: z.enum(['clone', 'import']),
  steps: stepsSchema(z.enum(DKEK_RESTORE_STEP_IDS)),
  shares: z.object({
    total: z.number().int(),
    /** Share numbers (1-based) imported into this secondary. */
    imported: z.array(z.number().int()),
    /** The next share to import, with whoever holds it. */
    next: z.number().int().optional(),
    /** The share number chosen for the next import (import mode: any outstanding one). */
    turn: DkekHolderTurnSchema.optional(),
  }),
  progress: DkekDerivationSchema.optional(),
  files: z.array(DkekCloneFileSchema),
  summary: z.string().optional(),
});

export const DkekVerifyRowSchema = z.object({
  keyReference: z.number().int(),
  label: z.string().optional(),
  checks: z.array(z.object({ what: z.string(), ok: z.boolean(), detail: z.string() })),
  proof: z.enum(['proven', 'failed', 'not-provable']),
});

export const DkekVerifySnapshotSchema = z.object({
  ...common,
  steps: stepsSchema(z.enum(DKEK_VERIFY_STEP_IDS)),
  result: z
    .object({
      verdict: z.enum(['verified', 'differs']),
      kcv: z.object({ expected: z.string(), found: z.string(), ok: z.boolean() }),
      keys: z.array(DkekVerifyRowSchema),
      extra: z.array(z.number().int()),
      report: z.string(),
    })
    .optional(),
});

export type ChosenCard = z.infer<typeof ChosenCardSchema>;
export type DkekBackupKey = z.infer<typeof DkekBackupKeySchema>;
export type DkekBackupSnapshot = z.infer<typeof DkekBackupSnapshotSchema>;
export type DkekCloneFile = z.infer<typeof DkekCloneFileSchema>;
export type DkekHolderTurnView = z.infer<typeof DkekHolderTurnSchema>;
export type DkekDerivationView = z.infer<typeof DkekDerivationSchema>;
export type DkekRestoreSnapshot = z.infer<typeof DkekRestoreSnapshotSchema>;
export type DkekVerifySnapshot = z.infer<typeof DkekVerifySnapshotSchema>;
