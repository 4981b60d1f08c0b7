// What the DKEK initialisation shows (main builds it fresh from its state on every intent).
// Types only, no zod, so the renderer can import it. A password share's three fields appear only
// in the answer to the intent that reveals it, while its custodian's turn is in hand; events
// pushed to listeners never carry them.

import type { DkekDeviceRecord, DkekShareHolders } from '../records/dkek-ceremony-record';
import type { TurnPhase, LeaveReason } from './custodian-turn';
import type { DkekInitStepId } from './dkek-init-steps';
import type { WizardState } from './wizard';

export type DkekStatusView =
  | { state: 'not-initialised' }
  | { state: 'no-dkek' }
  | { state: 'pending'; total: number; outstanding: number }
  | { state: 'complete'; total: number; kcv: string }
  | { state: 'kcv-hidden'; total: number };

export interface DkekPreflightView {
  device: DkekDeviceRecord;
  initialised: boolean;
  dkek: DkekStatusView;
  keys: { keyReference: number; label?: string }[];
  /** A re-initialisation wipes every key: it waits for the serial typed (and the keys named). */
  reinitialise: 'not-needed' | 'needs-confirmation' | 'confirmed';
}

export interface DkekPlanView {
  ceremony: string;
  mode: 'none' | 'random' | 'shares';
  pinRetries: number;
  /** Each password share's custodian may print their own sheet during their turn. */
  printSheets: boolean;
  folder: string;
  shares: { number: number; holders: DkekShareHolders; file: string }[];
}

/** One password share on screen: sc-hsm-tool's three fields and Custos's check word. */
export interface PasswordShareReveal {
  prime: string;
  id: number;
  value: string;
  checkWord: string;
  threshold: number;
  total: number;
  fileName: string;
}

export interface DkekTurnView {
  shareNumber: number;
  custodian: string;
  id: number;
  /** Turn k of n over every password share of the plan. */
  index: number;
  of: number;
  phase: TurnPhase;
  leftBecause?: LeaveReason;
  reveal?: PasswordShareReveal;
}

export interface DerivationView {
  /** Making or opening file `file` of `of`; step 1..3 of the key derivation. */
  file: number;
  of: number;
  step: number;
  fraction: number;
}

export interface DkekSharesView {
  files: { number: number; file: string; sha256: string; shareKcv: string }[];
  turn?: DkekTurnView;
  turnsDone: number;
  turnsTotal: number;
  /** The plan prints sheets and this host can: each custodian may print their own. */
  sheets: boolean;
  /** The current custodian's sheet window (or one-time page) is open. */
  sheetOpen: boolean;
  /** How the open sheet is shown: a preview window (print and save from here) or a browser page. */
  sheetView?: 'preview-window' | 'page';
  /** A print or save dialog for the current custodian's sheet is up. */
  sheetPrinting: boolean;
  /** The current custodian's sheet was printed, saved or handed to the browser this turn. */
  sheetPrinted: boolean;
  /** Where this turn's PDF went (a copy of the share the custodian must destroy). */
  sheetPdfPath?: string;
  proven: boolean;
  /** Computed from the opened files once proven. */
  kcv?: string;
}

export interface DkekDeviceView {
  initialised: boolean;
  imported: number[];
  total: number;
  outstanding: number;
  /** The device's check value once complete (or at once for a random DKEK). */
  kcv?: string;
  rehearsalKeys: string[];
}

export interface DkekInitSnapshot {
  ceremonyId: string;
  wizard: WizardState<DkekInitStepId>;
  busy?: string;
  progress?: DerivationView;
  problem?: { field?: string; message: string };
  stopped?: { status: 'abandoned' | 'failed'; reason: string; deviceTouched: boolean };
  finished: boolean;
  /** What the air-gap survey at the ceremony's start found (snapshot-parts.ts). */
  airGapWarnings?: string[] | undefined;
  preflight?: DkekPreflightView;
  plan?: DkekPlanView;
  shares?: DkekSharesView;
  device?: DkekDeviceView;
  record?: {
    folder: string;
    kcv?: string;
    transcriptHead: string;
    /** Shares the ceremony ended without: their holders import them later (`dkek import`). */
    outstanding?: { number: number; holders: DkekShareHolders; file: string }[];
  };
}
