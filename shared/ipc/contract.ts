// The one IPC contract (STYLE.md §3): every operation listed once with its preload method name,
// request schema and response schema; every event main pushes, with its payload schema.
// Main parses every payload with these schemas; the preload and the browser bridge expose one
// named method per entry.

import { z } from 'zod';
import {
  InitPlanDraftSchema,
  InitSnapshotSchema,
  SheetOpenedSchema,
  SheetPaperSchema,
} from '../ceremony/init-snapshot';
import { BackupSnapshotSchema } from '../ceremony/backup-snapshot';
import {
  AuditSnapshotSchema,
  ReshareSnapshotSchema,
  ResharePlanSchema,
} from '../ceremony/audit-snapshot';
import { RestoreSnapshotSchema, ShareEntrySchema } from '../ceremony/restore-snapshot';
import { ReportOpenedSchema, VerifySnapshotSchema } from '../ceremony/verify-snapshot';
import { RotationSnapshotSchema } from '../ceremony/rotation-snapshot';
import { DeviceViewSchema } from './devices';
import { SmartCardListSchema } from './smartcards';
import { DKEK_INIT_CHANNELS, DKEK_INIT_EVENTS } from './dkek-init-channels';
import { DKEK_CLONE_CHANNELS, DKEK_CLONE_EVENTS } from './dkek-clone-channels';
import { PlanNameSchema } from '../ceremony/plan-draft';

const Empty = z.object({}).strict();
/** An object id a person names (1..0xfffe, spec §5.1). */
const ObjectIdSchema = z.number().int().min(1).max(0xfffe);

export const HostInfoSchema = z.object({
  host: z.enum(['electron', 'browser']),
  version: z.string(),
  platform: z.string(),
});

export const CHANNELS = {
  'host/info': { method: 'hostInfo', request: Empty, response: HostInfoSchema },
  'device/list': { method: 'listDevices', request: Empty, response: z.array(DeviceViewSchema) },
  /** SmartCard-HSM family: the simulated pair and PC/SC readers, and whether PC/SC works here. */
  'smartcard/list': { method: 'listSmartCards', request: Empty, response: SmartCardListSchema },

  // Initialize primary (YubiHSM 2). Every intent answers with the new snapshot; progress that
  // happens without an intent (device steps, a share hidden by its timer) comes as
  // `init/snapshot` events. Passwords travel only here, renderer -> main, and never come back.
  'init/current': {
    method: 'initCurrent',
    request: Empty,
    response: InitSnapshotSchema.nullable(),
  },
  'init/start': { method: 'initStart', request: Empty, response: InitSnapshotSchema },
  'init/choose-primary': {
    method: 'initChoosePrimary',
    request: z.object({ deviceId: z.string().min(1) }).strict(),
    response: InitSnapshotSchema,
  },
  'init/reset-primary': {
    method: 'initResetPrimary',
    request: z.object({ deviceId: z.string().min(1), confirmation: z.string() }).strict(),
    response: InitSnapshotSchema,
  },
  'init/to-plan': { method: 'initToPlan', request: Empty, response: InitSnapshotSchema },
  'init/update-plan': {
    method: 'initUpdatePlan',
    request: z.object({ plan: InitPlanDraftSchema }).strict(),
    response: InitSnapshotSchema,
  },
  'init/set-password': {
    method: 'initSetPassword',
    request: z
      .object({
        key: z.enum(['application', 'audit']),
        password: z.string().max(512),
        confirmation: z.string().max(512),
      })
      .strict(),
    response: InitSnapshotSchema,
  },
  'init/set-folder': {
    method: 'initSetFolder',
    request: z.object({ folder: z.string().min(1).max(4096) }).strict(),
    response: InitSnapshotSchema,
  },
  // Plan files: main opens the chooser (Electron's dialog) or keeps plans in one folder under
  // user data (the browser host), where `name` names the plan; the page never sends a path.
  // Saving never replaces a file unless the person confirmed it and the file is a Custos plan.
  'init/load-plan': {
    method: 'initLoadPlan',
    request: z.object({ name: PlanNameSchema.optional() }).strict(),
    response: z.object({ file: z.string().nullable(), snapshot: InitSnapshotSchema }),
  },
  'init/save-plan': {
    method: 'initSavePlan',
    request: z.object({ name: PlanNameSchema, replace: z.boolean() }).strict(),
    response: z.object({
      /** saved; exists: a plan by that name is there, ask before replacing; cancelled: chooser closed. */
      outcome: z.enum(['saved', 'exists', 'cancelled']),
      file: z.string(),
    }),
  },
  'init/list-plans': {
    method: 'initListPlans',
    request: Empty,
    response: z.object({
      /** Where plans are kept: a folder (the browser host), or the system chooser (Electron). */
      where: z.enum(['plans-folder', 'chooser']),
      folder: z.string().optional(),
      names: z.array(z.string()),
    }),
  },
  'init/write-script': {
    method: 'initWriteScript',
    request: z.object({ path: z.string().min(1).max(4096) }).strict(),
    response: z.object({ path: z.string() }),
  },
  'init/to-review': { method: 'initToReview', request: Empty, response: InitSnapshotSchema },
  'init/back': { method: 'initBack', request: Empty, response: InitSnapshotSchema },
  'init/begin': { method: 'initBegin', request: Empty, response: InitSnapshotSchema },
  'init/reveal-share': { method: 'initRevealShare', request: Empty, response: InitSnapshotSchema },
  'init/hide-share': {
    method: 'initHideShare',
    request: z.object({ reason: z.enum(['idle', 'blur', 'escape', 'user']) }).strict(),
    response: InitSnapshotSchema,
  },
  'init/still-here': {
    method: 'initStillHere',
    /** `extended`: the custodian pressed "I am still here" in the countdown (recorded). */
    request: z.object({ extended: z.boolean().optional() }).strict(),
    response: z.object({}),
  },
  'init/share-recorded': {
    method: 'initShareRecorded',
    request: Empty,
    response: InitSnapshotSchema,
  },
  'init/confirm-share': {
    method: 'initConfirmShare',
    request: z.object({ entries: z.array(z.string().max(256)).max(64) }).strict(),
    response: InitSnapshotSchema,
  },
  'init/next-custodian': {
    method: 'initNextCustodian',
    request: Empty,
    response: InitSnapshotSchema,
  },
  // The current custodian's share sheet: open (preview window or one-time page), print, save as
  // PDF and close only while their share is shown; scan-back in their confirm phase.
  'init/open-sheet': {
    method: 'initOpenSheet',
    request: z.object({ paper: SheetPaperSchema }).strict(),
    response: z.object({ opened: SheetOpenedSchema, snapshot: InitSnapshotSchema }),
  },
  'init/print-sheet': { method: 'initPrintSheet', request: Empty, response: InitSnapshotSchema },
  'init/save-sheet-pdf': {
    method: 'initSaveSheetPdf',
    request: Empty,
    response: InitSnapshotSchema,
  },
  'init/close-sheet': { method: 'initCloseSheet', request: Empty, response: InitSnapshotSchema },
  'init/scan-back': {
    method: 'initScanBack',
    request: z.object({ text: z.string().max(2048) }).strict(),
    response: InitSnapshotSchema,
  },
  'init/enter-verification-share': {
    method: 'initEnterVerificationShare',
    request: z.object({ text: z.string().max(2048) }).strict(),
    response: InitSnapshotSchema,
  },
  'init/run-device-steps': {
    method: 'initRunDeviceSteps',
    request: Empty,
    response: InitSnapshotSchema,
  },
  'init/cancel': { method: 'initCancel', request: Empty, response: InitSnapshotSchema },
  'init/close': { method: 'initClose', request: Empty, response: z.null() },
  /** The KSP / connector hand-off for AD CS into the ceremony folder (never a password). */
  'init/write-ksp-handoff': {
    method: 'initWriteKspHandoff',
    request: z.object({ connectorUrl: z.string().max(300).optional() }).strict(),
    response: InitSnapshotSchema,
  },

  // Back up (dump) the primary. The application key's password travels renderer -> main only.
  'dump/current': {
    method: 'dumpCurrent',
    request: Empty,
    response: BackupSnapshotSchema.nullable(),
  },
  'dump/start': { method: 'dumpStart', request: Empty, response: BackupSnapshotSchema },
  'dump/choose-folder': {
    method: 'dumpChooseFolder',
    request: z.object({ folder: z.string().min(1).max(4096) }).strict(),
    response: BackupSnapshotSchema,
  },
  'dump/choose-primary': {
    method: 'dumpChoosePrimary',
    request: z.object({ deviceId: z.string().min(1) }).strict(),
    response: BackupSnapshotSchema,
  },
  'dump/authenticate': {
    method: 'dumpAuthenticate',
    request: z
      .object({ authKeyId: ObjectIdSchema.optional(), password: z.string().min(1).max(512) })
      .strict(),
    response: BackupSnapshotSchema,
  },
  'dump/generate-sample-keys': {
    method: 'dumpGenerateSampleKeys',
    request: Empty,
    response: BackupSnapshotSchema,
  },
  'dump/run': {
    method: 'dumpRun',
    request: z.object({ replace: z.array(z.string().max(64)).max(256) }).strict(),
    response: BackupSnapshotSchema,
  },
  'dump/cancel': { method: 'dumpCancel', request: Empty, response: BackupSnapshotSchema },
  'dump/close': { method: 'dumpClose', request: Empty, response: z.null() },

  // Restore a secondary. A share crosses renderer -> main once, in submit-share, and is never
  // sent back; snapshots name shares by number and custodian only.
  'restore/current': {
    method: 'restoreCurrent',
    request: Empty,
    response: RestoreSnapshotSchema.nullable(),
  },
  'restore/start': { method: 'restoreStart', request: Empty, response: RestoreSnapshotSchema },
  'restore/choose-folder': {
    method: 'restoreChooseFolder',
    request: z.object({ folder: z.string().min(1).max(4096) }).strict(),
    response: RestoreSnapshotSchema,
  },
  'restore/choose-secondary': {
    method: 'restoreChooseSecondary',
    request: z.object({ deviceId: z.string().min(1) }).strict(),
    response: RestoreSnapshotSchema,
  },
  'restore/plan-secondaries': {
    method: 'restorePlanSecondaries',
    request: z.object({ count: z.number().int().min(1).max(8) }).strict(),
    response: RestoreSnapshotSchema,
  },
  'restore/next-secondary': {
    method: 'restoreNextSecondary',
    request: Empty,
    response: RestoreSnapshotSchema,
  },
  'restore/back': { method: 'restoreBack', request: Empty, response: RestoreSnapshotSchema },
  'restore/to-shares': {
    method: 'restoreToShares',
    request: Empty,
    response: RestoreSnapshotSchema,
  },
  'restore/begin-turn': {
    method: 'restoreBeginTurn',
    request: z.object({ custodian: z.number().int().min(1).max(255).optional() }).strict(),
    response: RestoreSnapshotSchema,
  },
  'restore/submit-share': {
    method: 'restoreSubmitShare',
    request: z.object({ entry: ShareEntrySchema }).strict(),
    response: RestoreSnapshotSchema,
  },
  'restore/abandon-turn': {
    method: 'restoreAbandonTurn',
    request: z.object({ reason: z.enum(['idle', 'blur', 'escape', 'user']) }).strict(),
    response: RestoreSnapshotSchema,
  },
  'restore/next-custodian': {
    method: 'restoreNextCustodian',
    request: Empty,
    response: RestoreSnapshotSchema,
  },
  'restore/set-application-key': {
    method: 'restoreSetApplicationKey',
    request: z
      .object({ authKeyId: ObjectIdSchema.optional(), password: z.string().min(1).max(512) })
      .strict(),
    response: RestoreSnapshotSchema,
  },
  'restore/run-device-steps': {
    method: 'restoreRunDeviceSteps',
    request: Empty,
    response: RestoreSnapshotSchema,
  },
  'restore/cancel': { method: 'restoreCancel', request: Empty, response: RestoreSnapshotSchema },
  'restore/close': { method: 'restoreClose', request: Empty, response: z.null() },
  'restore/write-ksp-handoff': {
    method: 'restoreWriteKspHandoff',
    request: z.object({ connectorUrl: z.string().max(300).optional() }).strict(),
    response: RestoreSnapshotSchema,
  },

  // Rotate the wrap key (issue 12 §3). Shares cross renderer -> main in submit-share (the
  // current set, or resuming the new one); a new share comes back only in the answer to
  // reveal-share, on its custodian's turn. Passwords go one way, and never come back.
  'rotate/current': {
    method: 'rotateCurrent',
    request: Empty,
    response: RotationSnapshotSchema.nullable(),
  },
  'rotate/start': { method: 'rotateStart', request: Empty, response: RotationSnapshotSchema },
  'rotate/choose-folder': {
    method: 'rotateChooseFolder',
    request: z.object({ folder: z.string().min(1).max(4096) }).strict(),
    response: RotationSnapshotSchema,
  },
  'rotate/set-rotation-key': {
    method: 'rotateSetRotationKey',
    request: z
      .object({ authKeyId: ObjectIdSchema.optional(), password: z.string().min(1).max(512) })
      .strict(),
    response: RotationSnapshotSchema,
  },
  'rotate/set-audit-key': {
    method: 'rotateSetAuditKey',
    request: z
      .object({ authKeyId: ObjectIdSchema.optional(), password: z.string().min(1).max(512) })
      .strict(),
    response: RotationSnapshotSchema,
  },
  'rotate/to-shares': {
    method: 'rotateToShares',
    request: Empty,
    response: RotationSnapshotSchema,
  },
  'rotate/back': { method: 'rotateBack', request: Empty, response: RotationSnapshotSchema },
  'rotate/begin-turn': {
    method: 'rotateBeginTurn',
    request: z.object({ custodian: z.number().int().min(1).max(255) }).strict(),
    response: RotationSnapshotSchema,
  },
  'rotate/submit-share': {
    method: 'rotateSubmitShare',
    request: z.object({ entry: ShareEntrySchema }).strict(),
    response: RotationSnapshotSchema,
  },
  'rotate/abandon-turn': {
    method: 'rotateAbandonTurn',
    request: z.object({ reason: z.enum(['idle', 'blur', 'escape', 'user']) }).strict(),
    response: RotationSnapshotSchema,
  },
  'rotate/next-custodian': {
    method: 'rotateNextCustodian',
    request: Empty,
    response: RotationSnapshotSchema,
  },
  'rotate/make-new-shares': {
    method: 'rotateMakeNewShares',
    request: z.object({ deviceId: z.string().min(1).max(200) }).strict(),
    response: RotationSnapshotSchema,
  },
  'rotate/resume-devices': {
    method: 'rotateResumeDevices',
    request: Empty,
    response: RotationSnapshotSchema,
  },
  'rotate/reveal-share': {
    method: 'rotateRevealShare',
    request: Empty,
    response: RotationSnapshotSchema,
  },
  'rotate/hide-share': {
    method: 'rotateHideShare',
    request: z.object({ reason: z.enum(['idle', 'blur', 'escape', 'user']) }).strict(),
    response: RotationSnapshotSchema,
  },
  'rotate/still-here': {
    method: 'rotateStillHere',
    request: Empty,
    response: RotationSnapshotSchema,
  },
  'rotate/share-recorded': {
    method: 'rotateShareRecorded',
    request: Empty,
    response: RotationSnapshotSchema,
  },
  'rotate/confirm-share': {
    method: 'rotateConfirmShare',
    request: z.object({ entries: z.array(z.string().max(256)).max(64) }).strict(),
    response: RotationSnapshotSchema,
  },
  'rotate/run-device': {
    method: 'rotateRunDevice',
    request: z.object({ deviceId: z.string().min(1).max(200) }).strict(),
    response: RotationSnapshotSchema,
  },
  'rotate/cancel': { method: 'rotateCancel', request: Empty, response: RotationSnapshotSchema },
  'rotate/close': { method: 'rotateClose', request: Empty, response: z.null() },

  // Verify a clone against the record or the live primary.
  'verify/current': {
    method: 'verifyCurrent',
    request: Empty,
    response: VerifySnapshotSchema.nullable(),
  },
  'verify/start': { method: 'verifyStart', request: Empty, response: VerifySnapshotSchema },
  'verify/choose-folder': {
    method: 'verifyChooseFolder',
    request: z.object({ folder: z.string().min(1).max(4096) }).strict(),
    response: VerifySnapshotSchema,
  },
  'verify/choose-secondary': {
    method: 'verifyChooseSecondary',
    request: z.object({ deviceId: z.string().min(1) }).strict(),
    response: VerifySnapshotSchema,
  },
  'verify/choose-primary': {
    method: 'verifyChoosePrimary',
    request: z.object({ deviceId: z.string().min(1).nullable() }).strict(),
    response: VerifySnapshotSchema,
  },
  'verify/authenticate': {
    method: 'verifyAuthenticate',
    request: z
      .object({ authKeyId: ObjectIdSchema.optional(), password: z.string().min(1).max(512) })
      .strict(),
    response: VerifySnapshotSchema,
  },
  'verify/run': { method: 'verifyRun', request: Empty, response: VerifySnapshotSchema },
  // The printable report main wrote for the verification on screen, named by its ceremony id
  // only: main knows which file, and shows it in the system viewer or as a one-time page.
  'verify/open-report': {
    method: 'verifyOpenReport',
    request: z.object({ ceremonyId: z.string().min(1).max(64) }).strict(),
    response: z.object({ opened: ReportOpenedSchema, snapshot: VerifySnapshotSchema }),
  },
  'verify/close': { method: 'verifyClose', request: Empty, response: z.null() },
  // The SmartCard-HSM family's DKEK initialisation (dkek-init-channels.ts).
  ...DKEK_INIT_CHANNELS,

  // Share audit (no device). A share crosses renderer -> main once, in submit-share, and is never
  // sent back; snapshots name shares by number and custodian only.
  'audit/current': {
    method: 'auditCurrent',
    request: Empty,
    response: AuditSnapshotSchema.nullable(),
  },
  'audit/start': { method: 'auditStart', request: Empty, response: AuditSnapshotSchema },
  'audit/choose-folder': {
    method: 'auditChooseFolder',
    request: z.object({ folder: z.string().min(1).max(4096) }).strict(),
    response: AuditSnapshotSchema,
  },
  'audit/back': { method: 'auditBack', request: Empty, response: AuditSnapshotSchema },
  'audit/begin-turn': {
    method: 'auditBeginTurn',
    request: z.object({ custodian: z.number().int().min(1).max(255) }).strict(),
    response: AuditSnapshotSchema,
  },
  'audit/submit-share': {
    method: 'auditSubmitShare',
    request: z.object({ entry: ShareEntrySchema }).strict(),
    response: AuditSnapshotSchema,
  },
  'audit/abandon-turn': {
    method: 'auditAbandonTurn',
    request: z.object({ reason: z.enum(['idle', 'blur', 'escape', 'user']) }).strict(),
    response: AuditSnapshotSchema,
  },
  'audit/next-custodian': {
    method: 'auditNextCustodian',
    request: Empty,
    response: AuditSnapshotSchema,
  },
  'audit/cancel': { method: 'auditCancel', request: Empty, response: AuditSnapshotSchema },
  'audit/close': { method: 'auditClose', request: Empty, response: z.null() },

  // Reshare (no device): current shares in (as in the audit), new shares out one custodian at a
  // time (as at the initialization: a new share is in the answer to its own reveal only).
  'reshare/current': {
    method: 'reshareCurrent',
    request: Empty,
    response: ReshareSnapshotSchema.nullable(),
  },
  'reshare/start': { method: 'reshareStart', request: Empty, response: ReshareSnapshotSchema },
  'reshare/choose-folder': {
    method: 'reshareChooseFolder',
    request: z.object({ folder: z.string().min(1).max(4096) }).strict(),
    response: ReshareSnapshotSchema,
  },
  'reshare/set-plan': {
    method: 'reshareSetPlan',
    request: z.object({ plan: ResharePlanSchema }).strict(),
    response: ReshareSnapshotSchema,
  },
  'reshare/to-old-shares': {
    method: 'reshareToOldShares',
    request: Empty,
    response: ReshareSnapshotSchema,
  },
  'reshare/back': { method: 'reshareBack', request: Empty, response: ReshareSnapshotSchema },
  'reshare/begin-turn': {
    method: 'reshareBeginTurn',
    request: z.object({ custodian: z.number().int().min(1).max(255) }).strict(),
    response: ReshareSnapshotSchema,
  },
  'reshare/submit-share': {
    method: 'reshareSubmitShare',
    request: z.object({ entry: ShareEntrySchema }).strict(),
    response: ReshareSnapshotSchema,
  },
  'reshare/abandon-turn': {
    method: 'reshareAbandonTurn',
    request: z.object({ reason: z.enum(['idle', 'blur', 'escape', 'user']) }).strict(),
    response: ReshareSnapshotSchema,
  },
  'reshare/next-custodian': {
    method: 'reshareNextCustodian',
    request: Empty,
    response: ReshareSnapshotSchema,
  },
  'reshare/split-again': {
    method: 'reshareSplitAgain',
    request: Empty,
    response: ReshareSnapshotSchema,
  },
  'reshare/reveal-share': {
    method: 'reshareRevealShare',
    request: Empty,
    response: ReshareSnapshotSchema,
  },
  'reshare/hide-share': {
    method: 'reshareHideShare',
    request: z.object({ reason: z.enum(['idle', 'blur', 'escape', 'user']) }).strict(),
    response: ReshareSnapshotSchema,
  },
  'reshare/still-here': {
    method: 'reshareStillHere',
    request: Empty,
    response: ReshareSnapshotSchema,
  },
  'reshare/share-recorded': {
    method: 'reshareShareRecorded',
    request: Empty,
    response: ReshareSnapshotSchema,
  },
  'reshare/confirm-share': {
    method: 'reshareConfirmShare',
    request: z.object({ entries: z.array(z.string().max(64)).max(16) }).strict(),
    response: ReshareSnapshotSchema,
  },
  'reshare/next-new-custodian': {
    method: 'reshareNextNewCustodian',
    request: Empty,
    response: ReshareSnapshotSchema,
  },
  // A new custodian's share sheet, as in init: open, print, save as PDF and close only while
  // their share is shown; scan-back in their confirm phase.
  'reshare/open-sheet': {
    method: 'reshareOpenSheet',
    request: z.object({ paper: SheetPaperSchema }).strict(),
    response: z.object({ opened: SheetOpenedSchema, snapshot: ReshareSnapshotSchema }),
  },
  'reshare/print-sheet': {
    method: 'resharePrintSheet',
    request: Empty,
    response: ReshareSnapshotSchema,
  },
  'reshare/save-sheet-pdf': {
    method: 'reshareSaveSheetPdf',
    request: Empty,
    response: ReshareSnapshotSchema,
  },
  'reshare/close-sheet': {
    method: 'reshareCloseSheet',
    request: Empty,
    response: ReshareSnapshotSchema,
  },
  'reshare/scan-back': {
    method: 'reshareScanBack',
    request: z.object({ text: z.string().max(2048) }).strict(),
    response: ReshareSnapshotSchema,
  },
  'reshare/enter-verification-share': {
    method: 'reshareEnterVerificationShare',
    request: z.object({ text: z.string().min(1).max(2048) }).strict(),
    response: ReshareSnapshotSchema,
  },
  'reshare/next-verification': {
    method: 'reshareNextVerification',
    request: Empty,
    response: ReshareSnapshotSchema,
  },
  'reshare/cancel': { method: 'reshareCancel', request: Empty, response: ReshareSnapshotSchema },
  'reshare/close': { method: 'reshareClose', request: Empty, response: z.null() },
  // The SmartCard-HSM family's DKEK back-up, clone and verification (dkek-clone-channels.ts).
  ...DKEK_CLONE_CHANNELS,
} as const;

export const EVENTS = {
  /** The device list changed: attach, detach, or a status check finished. */
  'device/changed': z.array(DeviceViewSchema),
  /** The SmartCard-HSM list changed: a reader or card came or went, or a check finished. */
  'smartcard/changed': SmartCardListSchema,
  /** The initialization ceremony moved on its own (device progress, a share hidden by its timer). */
  'init/snapshot': InitSnapshotSchema.nullable(),
  /** The back-up moved on its own (export progress). */
  'dump/snapshot': BackupSnapshotSchema.nullable(),
  /** The restore moved on its own (device steps, file by file). */
  'restore/snapshot': RestoreSnapshotSchema.nullable(),
  /** The rotation moved on its own (device steps, a new share hidden by its timer); never a share. */
  'rotate/snapshot': RotationSnapshotSchema.nullable(),
  /** The verification moved on its own (busy while comparing). */
  'verify/snapshot': VerifySnapshotSchema.nullable(),
  ...DKEK_INIT_EVENTS,
  /** The share audit moved on its own (busy while recombining). */
  'audit/snapshot': AuditSnapshotSchema.nullable(),
  /** The reshare moved on its own (a new share hidden by its timer): never carries a share. */
  'reshare/snapshot': ReshareSnapshotSchema.nullable(),
  ...DKEK_CLONE_EVENTS,
} as const;

export type Channel = keyof typeof CHANNELS;
export type EventName = keyof typeof EVENTS;
export type RequestOf<C extends Channel> = z.input<(typeof CHANNELS)[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<(typeof CHANNELS)[C]['response']>;
export type EventPayload<E extends EventName> = z.output<(typeof EVENTS)[E]>;
export type HostInfo = z.infer<typeof HostInfoSchema>;
