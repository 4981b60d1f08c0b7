// What the initialization engine's stage modules (engine-plan, engine-shares, engine-sheets,
// engine-device-steps) get from the engine, and the options it is built with. In a file of its
// own so the stage modules and the engine import it, not each other.

import type { NetworkCheck } from '../../../shared/ceremony/init-snapshot';
import type { Logger } from '../../log/logger';
import type { AirGapSurvey } from '../common/air-gap';
import type { ResetWordChannel } from './reset-word';
import type { DeviceAccess } from '../common/device-access';
import type { Ceremony } from './ceremony-state';
import type { SheetPrinter } from '../../print/sheet-printer';
import type { InProgressIndex } from './in-progress-index';
import type { PlanChooser } from './plan-chooser';
import type { Timers } from './timers';
import type { MaterialSources } from './wrap-key-material';

/** What a host gives the engine so it can print sheets. */
export interface SheetPrinting {
  printer: SheetPrinter;
  /** assets/fonts/ of this install (default: found next to the sources). */
  fontsDirectory?: string;
}

export interface InitEngineOptions {
  devices: DeviceAccess;
  /** Tracks ceremonies in progress so a crash is marked on the next start (absent: untracked). */
  index?: InProgressIndex;
  logger: Logger;
  toolVersion: string;
  clock?: () => Date;
  timers?: Timers;
  network?: () => NetworkCheck;
  /** The air-gap survey (tests give a fixed one; default: this machine's). */
  airGap?: () => AirGapSurvey;
  /**
   * How this host prints share sheets: a preview window in Electron, a one-time page in the
   * browser host. Absent (the CLI, some tests): no printing; custodians copy the share by hand.
   */
  sheetPrinting?: SheetPrinting;
  /**
   * A second confirmation of a device reset that the page cannot give (Electron: a native
   * dialog main opens). Absent: the typed words, checked in main, are the confirmation.
   */
  confirmReset?: (device: { serial: number; objects: number }) => Promise<boolean>;
  /**
   * Where a reset's per-attempt word is shown to the person and not to the page (the browser
   * host: its terminal). Absent: the confirmation is RESET and the serial (reset-word.ts).
   */
  resetWord?: ResetWordChannel;
  /** Where plan files are chosen: a system chooser or the plans folder (absent: no plan files). */
  planChooser?: PlanChooser;
  /** Tests only: known random sources for the key and the split. */
  material?: MaterialSources;
  /** Tests only: which spot-check groups are asked for. */
  randomBelow?: (max: number) => number;
}

/** What the stage modules get from the engine. */
export interface EngineContext {
  readonly options: InitEngineOptions;
  readonly clock: () => Date;
  readonly log: Logger;
  /** Pushes the current snapshot (without any share) to listeners. */
  emit(): void;
  /** Moves the wizard on, or throws a conflict naming why it cannot. */
  advance(ceremony: Ceremony): void;
  /** Whether Custos is shutting down (the device steps stop between tasks). */
  readonly stopping: boolean;
  /** A fresh air-gap survey of this machine. */
  airGapSurvey(): AirGapSurvey;
}
