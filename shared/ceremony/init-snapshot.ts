// What main tells the renderer about a running initialization ceremony, and nothing more.
// Main holds the truth (DESIGN.md "Main holds the truth"); the renderer renders the latest
// snapshot and sends intents back. A share appears in a snapshot only in the `reveal` phase of
// its own custodian's turn; the wrap key and passwords never appear at all.

import { z } from 'zod';
import {
  ChosenDeviceSchema,
  ProblemSchema,
  StoppedSchema,
  stepsSchema,
  AirGapWarningsSchema,
} from './snapshot-parts';
import { PlanDraftSchema } from './plan-draft';

export const INIT_STEP_IDS = [
  'preflight',
  'plan',
  'review',
  'shares',
  'verification',
  'device-steps',
  'record',
] as const;

const StepId = z.enum(INIT_STEP_IDS);

export { ProblemSchema };

/** An object on a device, as the screens describe it (no key material). */
export const ObjectSummarySchema = z.object({
  id: z.number().int(),
  type: z.string(),
  algorithm: z.string(),
  label: z.string(),
  domains: z.array(z.number().int()),
  capabilities: z.array(z.string()),
});

export const NetworkCheckSchema = z.object({
  /** No active non-loopback interface was found. A warning, never a block. */
  airGapped: z.boolean(),
  interfaces: z.array(z.object({ name: z.string(), addresses: z.array(z.string()) })),
});

export const PrimaryCheckSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('checking'), deviceId: z.string() }),
  z.object({
    state: z.literal('factory-fresh'),
    deviceId: z.string(),
    serial: z.number().int(),
    firmware: z.string(),
    simulated: z.boolean(),
    objects: z.array(ObjectSummarySchema),
  }),
  /**
   * The factory key opens a session but more is on the device. A reset is offered only behind
   * words the person types (RESET and the device's serial), which main checks: the expected
   * words are never sent to the page, so a page cannot simply hand them back.
   */
  z.object({
    state: z.literal('not-fresh'),
    deviceId: z.string(),
    serial: z.number().int(),
    firmware: z.string(),
    simulated: z.boolean(),
    objects: z.array(ObjectSummarySchema),
    /** Where main shows the reset's word (never the word itself); absent: no word is asked. */
    resetWordShownIn: z.string().optional(),
  }),
  /** The factory key does not open a session: the device was already configured. */
  z.object({
    state: z.literal('configured'),
    deviceId: z.string(),
    serial: z.number().int(),
    message: z.string(),
  }),
  z.object({ state: z.literal('unreachable'), deviceId: z.string(), message: z.string() }),
]);

export const CheckedLineSchema = z.object({
  number: z.number().int(),
  text: z.string(),
  groups: z.array(z.string()),
  check: z.string(),
});

/** The one share on screen, during its custodian's reveal phase only. */
export const RevealedShareSchema = z.object({
  /** The exact canonical text (what yubihsm-setup reads; what the QR code holds). */
  canonical: z.string(),
  lines: z.array(CheckedLineSchema),
  /** QR code of `canonical`: `size` x `size` modules, row-major, '1' dark, quiet zone excluded. */
  qr: z.object({ size: z.number().int(), modules: z.string() }),
});

/** Which groups the custodian re-types, with the share hidden, to prove it was recorded. */
export const ShareConfirmationSchema = z.object({
  mode: z.enum(['spot-check', 'full']),
  /** spot-check: the (1-based) line and group numbers to type. full: every line. */
  groups: z.array(z.object({ line: z.number().int(), group: z.number().int() })),
  /** Line lengths of the share (full mode types every line with its check character). */
  lineLengths: z.array(z.number().int()),
});

/** Paper a share sheet is printed on (the reveal step chooses; src-main/print/sheet-policy.ts). */
export const SHEET_PAPERS = ['a4', 'letter'] as const;
export const SheetPaperSchema = z.enum(SHEET_PAPERS);

/**
 * The custodian's share sheet during their turn. Only the current custodian's sheet is ever
 * made, only while their share is shown, and its view is torn down whenever the share hides.
 */
export const ShareSheetStateSchema = z.object({
  /** This host has a way to print sheets. */
  available: z.boolean(),
  /** The sheet's preview window (Electron) or page (browser host) is open. */
  open: z.boolean(),
  /** How the open sheet is shown, so the screen can say where to look. */
  view: z.enum(['preview-window', 'page']).optional(),
  paper: SheetPaperSchema.optional(),
  /** A print or save dialog is up: nothing else can be asked of the sheet until it closes. */
  printing: z.boolean(),
  /**
   * The sheet left Custos during this turn: printed through the system dialog, saved as a PDF,
   * or handed to the browser's own page to print from. Enables the scan-back check.
   */
  printed: z.boolean(),
  /** Where a PDF of this sheet was saved this turn: the screen reminds that it is a copy of the share. */
  pdfPath: z.string().optional(),
});

/** How main answers `init/open-sheet`: what the renderer does next, whatever the host. */
export const SheetOpenedSchema = z.discriminatedUnion('kind', [
  /** Main opened a preview window; the renderer's buttons print, save or close it. */
  z.object({ kind: z.literal('preview-window') }),
  /** Open this same-origin path in a new window once; the browser's own print dialog does the rest. */
  z.object({
    kind: z.literal('page'),
    url: z.string().regex(/^\/print\/sheet\/[A-Za-z0-9_-]{32,}$/),
  }),
]);

export const SharesViewSchema = z.object({
  step: z.literal('shares'),
  custodian: z.object({ index: z.number().int(), name: z.string() }),
  custodianCount: z.number().int(),
  threshold: z.number().int(),
  /** Wrap-key check value: not secret, shown on every turn so custodians can note it. */
  kcv: z.string(),
  /**
   * handover: names the next custodian, nothing secret. reveal: the share is shown.
   * confirm: the share is hidden and the custodian re-types what was asked. cleared: a blank
   * interstitial before the next handover.
   */
  phase: z.enum(['handover', 'reveal', 'confirm', 'cleared']),
  share: RevealedShareSchema.optional(),
  confirmation: ShareConfirmationSchema.optional(),
  /** Why the share was hidden last time (idle, window lost focus, Esc), so the screen can say so. */
  hiddenBecause: z.enum(['idle', 'blur', 'escape', 'user']).optional(),
  hideSeconds: z.number().int(),
  sheet: ShareSheetStateSchema.optional(),
  /**
   * confirm phase, after a sheet was printed this turn: the custodian may scan the sheet's QR
   * code (or type the share) instead of the spot check, proving the printed record. When the
   * plan asks no check (no `confirmation`), a printed sheet still stops the turn here, and the
   * scan-back is the way on.
   */
  scanBack: z.object({ available: z.boolean() }).optional(),
});

export const VerificationViewSchema = z.object({
  step: z.literal('verification'),
  custodian: z.object({ index: z.number().int(), name: z.string() }),
  custodianCount: z.number().int(),
  threshold: z.number().int(),
  phase: z.enum(['handover', 'entry', 'cleared', 'result']),
  /** Line lengths of a share, so the entry form can lay out its lines. */
  lineLengths: z.array(z.number().int()),
  /** After all custodians: every M-subset recombined to the recorded check value. */
  result: z
    .object({ subsetsChecked: z.number().int(), allMatch: z.boolean(), kcv: z.string() })
    .optional(),
});

/** The KSP / connector hand-off written into the ceremony folder (issue 12 §6): no secret. */
export const KspHandoffViewSchema = z.object({
  summary: z.string(),
  /** File names in the ceremony folder. */
  files: z.array(z.string()),
});

export const DeviceTaskSchema = z.object({
  id: z.string(),
  /** A plain sentence: "Put the wrap key 0x0002 on the primary". */
  title: z.string(),
  status: z.enum(['pending', 'running', 'done', 'failed', 'skipped']),
  detail: z.string().optional(),
});

export const InitViewSchema = z.discriminatedUnion('step', [
  z.object({
    step: z.literal('preflight'),
    network: NetworkCheckSchema,
    primary: PrimaryCheckSchema.optional(),
  }),
  z.object({
    step: z.literal('plan'),
    /** The draft as the person left it (may not parse yet); never holds a password. */
    plan: PlanDraftSchema,
    errors: z.array(ProblemSchema),
    warnings: z.array(ProblemSchema),
    passwords: z.object({ application: z.boolean(), audit: z.boolean() }),
    folder: z.string().optional(),
  }),
  z.object({
    step: z.literal('review'),
    /** What to read aloud, in order: sections of label / value rows. */
    sections: z.array(
      z.object({
        title: z.string(),
        rows: z.array(z.object({ label: z.string(), value: z.string() })),
      }),
    ),
    warnings: z.array(ProblemSchema),
    folder: z.string(),
  }),
  SharesViewSchema,
  VerificationViewSchema,
  z.object({
    step: z.literal('device-steps'),
    tasks: z.array(DeviceTaskSchema),
    /** A sentence saying what is on the device right now (updated after every task). */
    deviceState: z.string(),
    /** A failed task can be retried once the problem (e.g. an unplugged device) is fixed. */
    canRetry: z.boolean(),
  }),
  z.object({
    step: z.literal('record'),
    folder: z.string(),
    kcv: z.string(),
    /** SHA-256 of the transcript's last line, for witnesses to write down. */
    transcriptHead: z.string(),
    inventory: z.array(ObjectSummarySchema),
    files: z.array(z.string()),
    /** The primary's own audit log as read at the end, in a sentence (with an audit key). */
    deviceAudit: z.string().optional(),
    /** The KSP / connector hand-off, once written. */
    kspHandoff: KspHandoffViewSchema.optional(),
  }),
]);

export const InitSnapshotSchema = z.object({
  ceremonyId: z.string(),
  airGapWarnings: AirGapWarningsSchema,
  /** The primary is simulated: every screen says REHEARSAL. */
  rehearsal: z.boolean(),
  steps: stepsSchema(StepId),
  /** The device chosen at preflight, once chosen. */
  primary: ChosenDeviceSchema.optional(),
  view: InitViewSchema,
  /** A sentence about what main is doing right now, while it does it. */
  busy: z.string().optional(),
  /** The last thing that went wrong at this step, as a sentence that says what to do. */
  problem: ProblemSchema.optional(),
  /** Set once the ceremony ended without completing. */
  stopped: StoppedSchema.optional(),
});

/** How large a plan draft may be; a real one is under 2 KiB. */
export const PLAN_DRAFT_MAX_CHARACTERS = 64 * 1024;

/**
 * The plan as the plan screen sends it while it is typed. Any field may be empty or out of
 * range on the way (a custodian not named yet, threshold 0): main's evaluation of the draft
 * turns each into a sentence at its field and keeps the review closed until the plan parses.
 * So the channel checks no plan rule, only the draft's shape: the plan's own fields and no
 * other, each of its type with a ceiling on its size (plan-draft.ts), and the whole at most
 * 64 KiB. Checking the plan's rules here refused edits as malformed requests; passing any key
 * through let a page store what it liked in the plan and in plan files.
 */
export const InitPlanDraftSchema = PlanDraftSchema.refine(
  (draft) => JSON.stringify(draft).length <= PLAN_DRAFT_MAX_CHARACTERS,
  'a plan draft is at most 64 KiB',
);

export type ObjectSummary = z.infer<typeof ObjectSummarySchema>;
export type NetworkCheck = z.infer<typeof NetworkCheckSchema>;
export type PrimaryCheck = z.infer<typeof PrimaryCheckSchema>;
export type RevealedShare = z.infer<typeof RevealedShareSchema>;
export type ShareConfirmation = z.infer<typeof ShareConfirmationSchema>;
export type DeviceTask = z.infer<typeof DeviceTaskSchema>;
export type SheetPaper = z.infer<typeof SheetPaperSchema>;
export type ShareSheetState = z.infer<typeof ShareSheetStateSchema>;
export type SheetOpened = z.infer<typeof SheetOpenedSchema>;
export type InitView = z.infer<typeof InitViewSchema>;
export type InitSnapshot = z.infer<typeof InitSnapshotSchema>;
