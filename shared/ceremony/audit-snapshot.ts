// What main tells the renderer about a share audit or a reshare (issue 12 §1–2), and nothing
// more: share numbers, custodian names, check values and sentences. A share appears only in the
// reshare's new-shares view while its new custodian's reveal is on screen (as at the
// initialization), never in an event, and never in the audit.

import { z } from 'zod';
import { AUDIT_STEP_IDS, RESHARE_STEP_IDS } from './audit-steps';
import { SharesViewSchema as NewSharesTurnSchema, VerificationViewSchema } from './init-snapshot';
import {
  CustodianAtKeyboardSchema,
  ENTRY_CLEARED_REASONS,
  ShareEntrySchema,
} from './restore-snapshot';
import { AirGapWarningsSchema, ProblemSchema, StoppedSchema, stepsSchema } from './snapshot-parts';
import { SHARE_FORMATS } from './init-plan';

export {
  AUDIT_STEP_IDS,
  AUDIT_STEPS,
  RESHARE_STEP_IDS,
  RESHARE_STEPS,
  type AuditStepId,
  type ReshareStepId,
} from './audit-steps';
export { ShareEntrySchema };

/** The ceremony whose shares are audited or reshared, as its record says (nothing secret). */
export const ShareCeremonySchema = z.object({
  folder: z.string(),
  id: z.string(),
  name: z.string(),
  rehearsal: z.boolean(),
  kcv: z.string(),
  threshold: z.number().int(),
  shareCount: z.number().int(),
  shareFormat: z.enum(SHARE_FORMATS),
  custodians: z.array(z.object({ index: z.number().int(), name: z.string() })),
  /** Share sets reshares replaced (their shares still rebuild the wrap key). */
  supersededSets: z.number().int(),
});

/** M custodians entering their shares one at a time (the audit, the reshare's current shares). */
export const EntrySharesViewSchema = z.object({
  threshold: z.number().int().nullable(),
  format: z.enum(SHARE_FORMATS).nullable(),
  /** Line lengths of a share without check characters, for laying out the entry form. */
  lineLengths: z.array(z.number().int()),
  phase: z.enum(['handover', 'entry', 'cleared']),
  turn: z.number().int(),
  atKeyboard: CustodianAtKeyboardSchema.optional(),
  custodians: z.array(
    z.object({ index: z.number().int(), name: z.string(), entered: z.boolean() }),
  ),
  accepted: z.array(z.object({ shareNumber: z.number().int(), name: z.string().optional() })),
  idleSeconds: z.number().int().positive(),
  cleared: z.object({ reason: z.enum(ENTRY_CLEARED_REASONS), message: z.string() }).optional(),
  refusal: z
    .object({
      message: z.string(),
      line: z.number().int().optional(),
      position: z.number().int().optional(),
    })
    .optional(),
  /** What accepted shares said (a re-split, a superseded set): never a share. */
  warnings: z.array(z.string()),
  /** After a failed recombination: the set's problems, as sentences. */
  setProblems: z.array(z.string()),
});

const ProvenShareSchema = z.object({ shareNumber: z.number().int(), custodian: z.string() });

export const AuditResultSchema = z.object({
  outcome: z.enum(['proven', 'not-proven']),
  shareSet: z.enum(['current', 'superseded']),
  proven: z.array(ProvenShareSchema),
  wrong: z.array(ProvenShareSchema),
  kcv: z.string().optional(),
  matchesRecord: z.boolean(),
  summary: z.string(),
  warnings: z.array(z.string()),
  /** The printable report's file name in the ceremony folder. */
  report: z.string(),
  transcriptHead: z.string(),
});

export const AuditViewSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('source'), folder: z.string().optional() }),
  EntrySharesViewSchema.extend({ step: z.literal('shares') }),
  AuditResultSchema.extend({ step: z.literal('result') }),
]);

export const AuditSnapshotSchema = z.object({
  ceremonyId: z.string(),
  rehearsal: z.boolean(),
  steps: stepsSchema(z.enum(AUDIT_STEP_IDS)),
  ceremony: ShareCeremonySchema.optional(),
  view: AuditViewSchema,
  busy: z.string().optional(),
  problem: ProblemSchema.optional(),
  stopped: StoppedSchema.optional(),
  airGapWarnings: AirGapWarningsSchema,
});

/** The reshare's plan: the new custodians and threshold, and optionally format and check. */
export const ResharePlanSchema = z
  .object({
    custodians: z.array(z.string().trim().min(1).max(60)).min(1).max(255),
    threshold: z.number().int().min(1).max(255),
    shareFormat: z.enum(SHARE_FORMATS).optional(),
    shareConfirmation: z.enum(['spot-check', 'full', 'none']).optional(),
    verificationRound: z.boolean().optional(),
  })
  .strict();

export const OLD_SHARES_STILL_WORK =
  'The old shares still rebuild the wrap key: splitting a key again cannot revoke the shares made before. If an old share may be exposed, rotate the wrap key.';

export const ReshareViewSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('source'), folder: z.string().optional() }),
  z.object({
    step: z.literal('plan'),
    plan: ResharePlanSchema.optional(),
    errors: z.array(ProblemSchema),
  }),
  EntrySharesViewSchema.extend({
    step: z.literal('old-shares'),
    /** Once the key is rebuilt: its check value matched the record. */
    recombined: z.object({ kcv: z.string(), used: z.array(z.number().int()) }).optional(),
  }),
  z.object({ step: z.literal('new-shares'), turns: NewSharesTurnSchema }),
  z.object({ step: z.literal('verification'), round: VerificationViewSchema }),
  z.object({
    step: z.literal('finished'),
    summary: z.string(),
    kcv: z.string(),
    threshold: z.number().int(),
    custodians: z.array(z.object({ index: z.number().int(), name: z.string() })),
    oldSharesStillWork: z.string(),
    transcriptHead: z.string(),
  }),
]);

export const ReshareSnapshotSchema = z.object({
  ceremonyId: z.string(),
  rehearsal: z.boolean(),
  steps: stepsSchema(z.enum(RESHARE_STEP_IDS)),
  ceremony: ShareCeremonySchema.optional(),
  /** Said on every screen of a reshare: resharing does not revoke the old shares. */
  oldSharesStillWork: z.string(),
  view: ReshareViewSchema,
  busy: z.string().optional(),
  problem: ProblemSchema.optional(),
  stopped: StoppedSchema.optional(),
  airGapWarnings: AirGapWarningsSchema,
});

export type ShareEntry = z.infer<typeof ShareEntrySchema>;
export type ShareCeremony = z.infer<typeof ShareCeremonySchema>;
export type EntrySharesView = z.infer<typeof EntrySharesViewSchema>;
export type AuditResult = z.infer<typeof AuditResultSchema>;
export type AuditView = z.infer<typeof AuditViewSchema>;
export type AuditSnapshot = z.infer<typeof AuditSnapshotSchema>;
export type ResharePlan = z.infer<typeof ResharePlanSchema>;
export type ReshareView = z.infer<typeof ReshareViewSchema>;
export type ReshareSnapshot = z.infer<typeof ReshareSnapshotSchema>;
