// The IPC channels of the SmartCard-HSM family's DKEK initialisation (issue 10 "Initialize a
// device with a DKEK"), spread into shared/ipc/contract.ts. One channel per intent of
// src-main/ceremonies/dkek/init-engine.ts; every request strict and bounded. PINs and share
// passwords travel renderer -> main only (dkek-init/set-plan) and never come back; a password
// share comes back only in the answer to the intent that puts it in its custodian's hand, never
// in the pushed `dkek-init/snapshot` event. The page names a device by the SmartCard list's id
// and the ceremony folder by its full path (main's folder guard checks it); the `.pbe` files go
// into that folder, so the page never names a file.

import { z } from 'zod';
import type { DkekInitSnapshot } from '../ceremony/dkek-init-snapshot';
import { DKEK_INIT_STEP_IDS } from '../ceremony/dkek-init-steps';
import { PlanNameSchema } from '../ceremony/plan-draft';
import { SheetOpenedSchema, SheetPaperSchema } from '../ceremony/init-snapshot';
import { AirGapWarningsSchema, ProblemSchema, StoppedSchema } from '../ceremony/snapshot-parts';
import { DkekDeviceRecordSchema, DkekShareHoldersSchema } from '../records/dkek-ceremony-record';

const Empty = z.object({}).strict();
const DeviceId = z.string().min(1).max(400);
const Hex16 = z.string().regex(/^[0-9A-F]{16}$/);
/** The most share files the plan takes (plan-file.ts). */
const MAX_SHARE_FILES = 16;
const Secret = z.string().max(512);

const DkekStatusViewSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('not-initialised') }),
  z.object({ state: z.literal('no-dkek') }),
  z.object({ state: z.literal('pending'), total: z.number().int(), outstanding: z.number().int() }),
  z.object({ state: z.literal('complete'), total: z.number().int(), kcv: Hex16 }),
  z.object({ state: z.literal('kcv-hidden'), total: z.number().int() }),
]);

const StepId = z.enum(DKEK_INIT_STEP_IDS);

export const DkekInitSnapshotSchema = z.object({
  ceremonyId: z.string(),
  wizard: z.object({
    current: StepId,
    done: z.array(StepId).readonly(),
    skipped: z.array(StepId).readonly(),
  }),
  busy: z.string().optional(),
  progress: z
    .object({ file: z.number(), of: z.number(), step: z.number(), fraction: z.number() })
    .optional(),
  problem: ProblemSchema.optional(),
  stopped: StoppedSchema.optional(),
  finished: z.boolean(),
  airGapWarnings: AirGapWarningsSchema,
  preflight: z
    .object({
      device: DkekDeviceRecordSchema,
      initialised: z.boolean(),
      dkek: DkekStatusViewSchema,
      keys: z.array(z.object({ keyReference: z.number().int(), label: z.string().optional() })),
      reinitialise: z.enum(['not-needed', 'needs-confirmation', 'confirmed']),
    })
    .optional(),
  plan: z
    .object({
      ceremony: z.string(),
      mode: z.enum(['none', 'random', 'shares']),
      pinRetries: z.number().int(),
      printSheets: z.boolean(),
      folder: z.string(),
      shares: z.array(
        z.object({ number: z.number().int(), holders: DkekShareHoldersSchema, file: z.string() }),
      ),
    })
    .optional(),
  shares: z
    .object({
      files: z.array(
        z.object({
          number: z.number().int(),
          file: z.string(),
          sha256: z.string(),
          shareKcv: Hex16,
        }),
      ),
      turn: z
        .object({
          shareNumber: z.number().int(),
          custodian: z.string(),
          id: z.number().int(),
          index: z.number().int(),
          of: z.number().int(),
          phase: z.enum(['handover', 'in-hand', 'confirm', 'cleared']),
          leftBecause: z.enum(['idle', 'blur', 'escape', 'user']).optional(),
          reveal: z
            .object({
              prime: z.string(),
              id: z.number().int(),
              value: z.string(),
              checkWord: z.string(),
              threshold: z.number().int(),
              total: z.number().int(),
              fileName: z.string(),
            })
            .optional(),
        })
        .optional(),
      turnsDone: z.number().int(),
      turnsTotal: z.number().int(),
      sheets: z.boolean(),
      sheetOpen: z.boolean(),
      sheetView: z.enum(['preview-window', 'page']).optional(),
      sheetPrinting: z.boolean(),
      sheetPrinted: z.boolean(),
      sheetPdfPath: z.string().max(4096).optional(),
      proven: z.boolean(),
      kcv: Hex16.optional(),
    })
    .optional(),
  device: z
    .object({
      initialised: z.boolean(),
      imported: z.array(z.number().int()),
      total: z.number().int(),
      outstanding: z.number().int(),
      kcv: Hex16.optional(),
      rehearsalKeys: z.array(z.string()),
    })
    .optional(),
  record: z
    .object({
      folder: z.string(),
      kcv: Hex16.optional(),
      transcriptHead: z.string(),
      outstanding: z
        .array(
          z.object({ number: z.number().int(), holders: DkekShareHoldersSchema, file: z.string() }),
        )
        .optional(),
    })
    .optional(),
}) satisfies z.ZodType<DkekInitSnapshot>;

// What a person types into the plan is only bounded here: main checks it with the plan file's own
// rules (plan-file.ts) and answers a sentence naming the field, instead of "malformed".
const Typed = z.string().max(120);
const TypedCount = z.number().int().min(0).max(99);

/** A share of the plan as the page draws it: one custodian's password, or a t-of-n split. */
/** Where a share's `.pbe` goes: a full path (main's folder guard checks it); absent, the folder. */
const ShareFile = z.string().max(1000).optional();

export const DkekPlanShareDraftSchema = z.union([
  z.object({ custodian: Typed, file: ShareFile }).strict(),
  z
    .object({
      custodians: z.array(Typed).max(MAX_SHARE_FILES),
      threshold: TypedCount,
      file: ShareFile,
    })
    .strict(),
]);

/** The plan's own fields (docs/dkek-plan.md); never a PIN, a password or a file naming one. */
export const DkekPlanDraftSchema = z
  .object({
    ceremony: Typed,
    pinRetries: TypedCount,
    mode: z.enum(['none', 'random', 'shares']),
    printSheets: z.boolean(),
    shares: z.array(DkekPlanShareDraftSchema).max(MAX_SHARE_FILES),
  })
  .strict();
export type DkekPlanDraft = z.infer<typeof DkekPlanDraftSchema>;

export const DkekSetPlanRequestSchema = z
  .object({
    plan: DkekPlanDraftSchema,
    /** The ceremony folder; the `.pbe` files are written into it as dkek-share-<n>.pbe. */
    folder: z.string().min(1).max(4096),
    soPin: z.string().max(64),
    soPinConfirmation: z.string().max(64),
    pin: z.string().max(64),
    pinConfirmation: z.string().max(64),
    /** One entry per share with a typed password (the splits' passwords are generated). */
    passwords: z
      .array(
        z
          .object({
            shareNumber: z.number().int().min(1).max(MAX_SHARE_FILES),
            password: Secret,
            confirmation: Secret,
          })
          .strict(),
      )
      .max(MAX_SHARE_FILES),
  })
  .strict();
export type DkekSetPlanRequest = z.infer<typeof DkekSetPlanRequestSchema>;

const Answer = DkekInitSnapshotSchema;

export const DKEK_INIT_CHANNELS = {
  'dkek-init/current': {
    method: 'dkekInitCurrent',
    request: Empty,
    response: Answer.nullable(),
  },
  /** Preflight: the chosen card is read; nothing on it changes. */
  'dkek-init/start': {
    method: 'dkekInitStart',
    request: z.object({ deviceId: DeviceId }).strict(),
    response: Answer,
  },
  /** A re-initialisation wipes every key: the serial typed, and the number of keys named. */
  'dkek-init/confirm-reinitialise': {
    method: 'dkekInitConfirmReinitialise',
    request: z
      .object({ serial: z.string().max(64), keys: z.number().int().min(0).max(255).optional() })
      .strict(),
    response: Answer,
  },
  'dkek-init/to-plan': { method: 'dkekInitToPlan', request: Empty, response: Answer },
  'dkek-init/set-plan': {
    method: 'dkekInitSetPlan',
    request: DkekSetPlanRequestSchema,
    response: Answer,
  },
  // Plan files, as the YubiHSM plan screen's (init/load-plan): main opens the chooser or keeps
  // plans in one folder where `name` names one; the page never sends a path. Loading answers the
  // plan's own fields only; saving never replaces a file unless the person confirmed it and the
  // file is a DKEK plan.
  'dkek-init/load-plan': {
    method: 'dkekInitLoadPlan',
    request: z.object({ name: PlanNameSchema.optional() }).strict(),
    response: z.object({ file: z.string().nullable(), plan: DkekPlanDraftSchema.nullable() }),
  },
  'dkek-init/save-plan': {
    method: 'dkekInitSavePlan',
    request: z
      .object({ name: PlanNameSchema, replace: z.boolean(), plan: DkekPlanDraftSchema })
      .strict(),
    response: z.object({ outcome: z.enum(['saved', 'exists', 'cancelled']), file: z.string() }),
  },
  'dkek-init/list-plans': {
    method: 'dkekInitListPlans',
    request: Empty,
    response: z.object({
      where: z.enum(['plans-folder', 'chooser']),
      folder: z.string().optional(),
      names: z.array(z.string()),
    }),
  },
  'dkek-init/to-shares': { method: 'dkekInitToShares', request: Empty, response: Answer },
  /** The custodian at the screen takes their password share: the answer carries it. */
  'dkek-init/take-turn': { method: 'dkekInitTakeTurn', request: Empty, response: Answer },
  /** The custodian's own sheet while their share is shown (the plan's printSheets). */
  'dkek-init/open-sheet': {
    method: 'dkekInitOpenSheet',
    request: z.object({ paper: SheetPaperSchema }).strict(),
    response: z.object({ opened: SheetOpenedSchema, snapshot: Answer }),
  },
  /** The system print dialog for the open preview window (the Electron host). */
  'dkek-init/print-sheet': { method: 'dkekInitPrintSheet', request: Empty, response: Answer },
  /** Save the open preview as a PDF, where the person chooses in main's save dialog. */
  'dkek-init/save-sheet-pdf': { method: 'dkekInitSaveSheetPdf', request: Empty, response: Answer },
  'dkek-init/close-sheet': { method: 'dkekInitCloseSheet', request: Empty, response: Answer },
  'dkek-init/leave-turn': {
    method: 'dkekInitLeaveTurn',
    request: z.object({ reason: z.enum(['idle', 'blur', 'escape', 'user']) }).strict(),
    response: Answer,
  },
  'dkek-init/turn-recorded': { method: 'dkekInitTurnRecorded', request: Empty, response: Answer },
  /** The spot check: the share value as the custodian wrote it down. */
  'dkek-init/confirm-turn': {
    method: 'dkekInitConfirmTurn',
    request: z.object({ value: z.string().max(64) }).strict(),
    response: Answer,
  },
  'dkek-init/next-turn': { method: 'dkekInitNextTurn', request: Empty, response: Answer },
  'dkek-init/prove-shares': { method: 'dkekInitProveShares', request: Empty, response: Answer },
  'dkek-init/to-device': { method: 'dkekInitToDevice', request: Empty, response: Answer },
  'dkek-init/initialise-device': {
    method: 'dkekInitInitialiseDevice',
    request: Empty,
    response: Answer,
  },
  'dkek-init/import-next-share': {
    method: 'dkekInitImportNextShare',
    request: Empty,
    response: Answer,
  },
  'dkek-init/finish': {
    method: 'dkekInitFinish',
    request: z.object({ leaveOutstanding: z.boolean().optional() }).strict(),
    response: Answer,
  },
  'dkek-init/cancel': { method: 'dkekInitCancel', request: Empty, response: Answer.nullable() },
  'dkek-init/close': { method: 'dkekInitClose', request: Empty, response: z.null() },
} as const;

export const DKEK_INIT_EVENTS = {
  /** The initialisation moved on its own (key derivation per file); never a password share. */
  'dkek-init/snapshot': Answer.nullable(),
} as const;
