// What main tells the renderer about a running restore of a secondary YubiHSM 2, and nothing
// more (DESIGN.md "Main holds the truth"). The restore rebuilds the wrap key from M custodians'
// shares and imports the ceremony folder's .yhw backups (spec/yubihsm-setup-interop.md §4).
// No share, no wrap key and no password ever appears here: a custodian types a share into the
// entry form, main checks it and answers with share numbers and sentences only.

import { z } from 'zod';
import { RESTORE_STEP_IDS } from './restore-steps';
import { DeviceTaskSchema, KspHandoffViewSchema, ObjectSummarySchema } from './init-snapshot';
import {
  ChosenDeviceSchema,
  ProblemSchema,
  StoppedSchema,
  stepsSchema,
  AirGapWarningsSchema,
} from './snapshot-parts';

export { RESTORE_STEP_IDS, RESTORE_STEPS, type RestoreStepId } from './restore-steps';

const StepId = z.enum(RESTORE_STEP_IDS);

/** One .yhw file of the folder, as read before any key is known. */
export const SourceFileSchema = z.object({
  file: z.string(),
  /** From the file name (0xNNNN-<type>.yhw), when it follows that naming. */
  objectId: z.number().int().optional(),
  type: z.string().optional(),
  /** The file could not be read as base64 or binary: it will be reported, not imported. */
  problem: z.string().optional(),
});

export const RestoreSourceSchema = z.object({
  folder: z.string(),
  /**
   * record: a Custos ceremony folder (shares checked against commitments and the check value).
   * interop: .yhw files without a Custos record (e.g. from yubihsm-setup): fewer checks.
   */
  mode: z.enum(['record', 'interop']),
  /** interop: a sentence saying which checks are not possible without a record. */
  note: z.string().optional(),
  ceremony: z
    .object({
      id: z.string(),
      name: z.string(),
      rehearsal: z.boolean(),
      primarySerial: z.number().int(),
      kcv: z.string(),
      threshold: z.number().int(),
      shareCount: z.number().int(),
      shareFormat: z.enum(['yubihsm-setup', 'yubihsm-manager']),
      wrapKeyId: z.number().int(),
      custodians: z.array(z.object({ index: z.number().int(), name: z.string() })),
    })
    .optional(),
  files: z.array(SourceFileSchema),
});

export const SecondaryCheckSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('checking'), deviceId: z.string() }),
  z.object({
    state: z.literal('factory-fresh'),
    deviceId: z.string(),
    serial: z.number().int(),
    firmware: z.string(),
    simulated: z.boolean(),
  }),
  /** A partial restore of this ceremony is on the device (factory key and wrap key present): it is resumed, not refused. */
  z.object({
    state: z.literal('resume'),
    deviceId: z.string(),
    serial: z.number().int(),
    firmware: z.string(),
    simulated: z.boolean(),
    objects: z.array(ObjectSummarySchema),
    message: z.string(),
  }),
  z.object({
    state: z.literal('refused'),
    deviceId: z.string(),
    serial: z.number().int().optional(),
    reason: z.enum(['is-primary', 'not-factory-fresh', 'configured', 'unreachable']),
    message: z.string(),
    objects: z.array(ObjectSummarySchema).optional(),
  }),
]);

/** Who is at the keyboard: in record mode a named custodian, in interop mode just a turn. */
export const CustodianAtKeyboardSchema = z.object({
  /** Record mode: the share number this custodian holds (custodian X holds share X). */
  index: z.number().int().optional(),
  name: z.string(),
});

export const RecombinedSchema = z.object({
  kcv: z.string(),
  /** Record mode: the check value matches the record. Interop: null (nothing to compare with). */
  matchesRecord: z.boolean().nullable(),
  wrapKeyId: z.number().int(),
  domains: z.array(z.number().int()),
  capabilities: z.array(z.string()),
  delegatedCapabilities: z.array(z.string()),
  /** What confirmed the key beyond "the shares recombine" (commitments, check value, backups it opens, …). */
  confirmedBy: z.array(z.string()),
  /** Warnings about the recovered policy, and in interop mode what could not be confirmed. */
  warnings: z.array(z.string()),
  /** The shares the key was rebuilt from: their numbers and (record mode) their custodians. Never the shares. */
  used: z.array(z.object({ number: z.number().int(), custodian: z.string().optional() })),
  /**
   * The shares are not the ones recorded at the ceremony, yet rebuild the recorded key (a
   * re-split): which share numbers matched their commitment and which did not.
   */
  notRecorded: z
    .object({ matched: z.array(z.number().int()), unmatched: z.array(z.number().int()) })
    .optional(),
});

/** Why the last entry form was emptied without a share being sent, as main knows it. */
export const ENTRY_CLEARED_REASONS = ['idle', 'blur', 'escape', 'user'] as const;

export const SharesViewSchema = z.object({
  step: z.literal('shares'),
  /** Record mode: from the record. Interop: from the first share entered (null until then). */
  threshold: z.number().int().nullable(),
  format: z.enum(['yubihsm-setup', 'yubihsm-manager']).nullable(),
  /** Line lengths of a share without check characters, for laying out the entry form; empty when unknown. */
  lineLengths: z.array(z.number().int()),
  /**
   * handover: the next custodian steps up (record mode: says who they are). entry: the
   * custodian types, pastes or scans the share. cleared: a blank screen after an accepted share.
   * recombined: enough shares; the wrap key was rebuilt and checked.
   */
  phase: z.enum(['handover', 'entry', 'cleared', 'recombined']),
  /** 1-based turn number. */
  turn: z.number().int(),
  atKeyboard: CustodianAtKeyboardSchema.optional(),
  /** Record mode: every custodian and whether their share was already accepted. */
  custodians: z.array(
    z.object({ index: z.number().int(), name: z.string(), entered: z.boolean() }),
  ),
  /** Accepted shares, by number and (record mode) custodian name. */
  accepted: z.array(z.object({ shareNumber: z.number().int(), name: z.string().optional() })),
  /**
   * How long a share entry may sit untouched before the form clears itself and the turn goes
   * back to the handover: the ceremony's own policy (its plan's shareHideSeconds) with a record,
   * 60 seconds without one.
   */
  idleSeconds: z.number().int().positive(),
  /** The last entry was cleared without a share being sent: why, as a sentence for the next person at the screen. */
  cleared: z.object({ reason: z.enum(ENTRY_CLEARED_REASONS), message: z.string() }).optional(),
  /** The last share was refused: which custodian and why (never the share itself). */
  refusal: z
    .object({
      message: z.string(),
      line: z.number().int().optional(),
      position: z.number().int().optional(),
    })
    .optional(),
  recombined: RecombinedSchema.optional(),
  /** Recombined: main holds the application key's password (given earlier in this sitting). */
  applicationKeyGiven: z.boolean().optional(),
  /** After a failed recombination: what the set's problems are, as sentences. */
  setProblems: z.array(z.string()),
});

export const RestoredFileViewSchema = z.object({
  file: z.string(),
  status: z.enum(['pending', 'imported', 'skipped', 'failed']),
  objectId: z.number().int().optional(),
  type: z.string().optional(),
  label: z.string().optional(),
  reason: z.string().optional(),
});

export const FactoryKeySchema = z.object({
  decision: z.enum(['pending', 'deleted', 'kept']),
  reason: z.string(),
});

export const RestoreViewSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('source'), folder: z.string().optional() }),
  z.object({ step: z.literal('secondary'), check: SecondaryCheckSchema.optional() }),
  SharesViewSchema,
  z.object({
    step: z.literal('device-steps'),
    tasks: z.array(DeviceTaskSchema),
    files: z.array(RestoredFileViewSchema),
    /** Which imported key is the application authentication key (once known) and whether its password was given. */
    applicationKey: z.object({
      id: z.number().int().optional(),
      passwordGiven: z.boolean(),
      /** The last run kept the factory key because the password (or id) given did not prove the application key: give it again before running the steps again. */
      passwordNeeded: z.boolean().optional(),
    }),
    factoryKey: FactoryKeySchema,
    deviceState: z.string(),
    /** The steps stopped (the device was unplugged, or the application key's password did not prove it): fix that and run them again to resume. */
    canRetry: z.boolean(),
  }),
  z.object({
    step: z.literal('finished'),
    status: z.enum(['completed', 'incomplete', 'failed']),
    summary: z.string(),
    files: z.array(RestoredFileViewSchema),
    factoryKey: FactoryKeySchema,
    /** Record mode: SHA-256 of the transcript's last line after the restore was recorded. */
    transcriptHead: z.string().optional(),
    /** Record mode, completed: the KSP / connector hand-off can be written for this secondary. */
    canWriteKspHandoff: z.boolean().optional(),
    /** The KSP / connector hand-off, once written. */
    kspHandoff: KspHandoffViewSchema.optional(),
    /** Another secondary of this sitting is to be restored with the key still held: which, of how many. */
    nextSecondary: z.object({ number: z.number().int(), of: z.number().int() }).optional(),
  }),
]);

/**
 * Several secondaries in one sitting (issue 12 item 4): the custodians enter their shares once
 * and the rebuilt key is held until the last one is restored. How many, and those done so far.
 */
export const SittingSchema = z.object({
  planned: z.number().int().min(1),
  restored: z.array(
    z.object({ serial: z.number().int(), complete: z.boolean(), summary: z.string() }),
  ),
});

export const RestoreSnapshotSchema = z.object({
  ceremonyId: z.string(),
  airGapWarnings: AirGapWarningsSchema,
  /** The secondary is simulated (or the ceremony was a rehearsal): every screen says REHEARSAL. */
  rehearsal: z.boolean(),
  steps: stepsSchema(StepId),
  source: RestoreSourceSchema.optional(),
  secondary: ChosenDeviceSchema.optional(),
  /** Once the folder is chosen. */
  sitting: SittingSchema.optional(),
  view: RestoreViewSchema,
  busy: z.string().optional(),
  problem: ProblemSchema.optional(),
  stopped: StoppedSchema.optional(),
});

/** A share as the custodian entered it: checked lines (each with its check character) or one pasted / scanned text. */
export const ShareEntrySchema = z.union([
  z.object({ lines: z.array(z.string().max(64)).min(1).max(16) }).strict(),
  z.object({ text: z.string().min(1).max(2048) }).strict(),
]);

export type SourceFile = z.infer<typeof SourceFileSchema>;
export type RestoreSource = z.infer<typeof RestoreSourceSchema>;
export type SecondaryCheck = z.infer<typeof SecondaryCheckSchema>;
export type Recombined = z.infer<typeof RecombinedSchema>;
export type RestoreSitting = z.infer<typeof SittingSchema>;
export type RestoreSharesView = z.infer<typeof SharesViewSchema>;
export type RestoredFileView = z.infer<typeof RestoredFileViewSchema>;
export type FactoryKey = z.infer<typeof FactoryKeySchema>;
export type RestoreView = z.infer<typeof RestoreViewSchema>;
export type RestoreSnapshot = z.infer<typeof RestoreSnapshotSchema>;
export type ShareEntry = z.infer<typeof ShareEntrySchema>;
export type EntryClearedReason = (typeof ENTRY_CLEARED_REASONS)[number];
