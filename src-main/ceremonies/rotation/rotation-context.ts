// What the rotation engine's stage modules (new shares, devices) get from the engine, and the
// options it is built with; in a file of its own so the stage modules and the engine import
// it, not each other.

import type { RotationSnapshot } from '../../../shared/ceremony/rotation-snapshot';
import type { RotationStepId } from '../../../shared/ceremony/rotation-steps';
import type { Logger } from '../../log/logger';
import type { DeviceAccess } from '../common/device-access';
import type { AirGapSurvey } from '../common/air-gap';
import type { EngineCore } from '../common/engine-core';
import type { Timers } from '../init/timers';
import type { MaterialSources } from '../init/wrap-key-material';
import type { RotationState } from './rotation-state';

export interface RotationEngineOptions {
  devices: DeviceAccess;
  logger: Logger;
  clock?: () => Date;
  timers?: Timers;
  /** Tests only: known random sources for the key and the split. */
  material?: MaterialSources;
  /** Tests only: which spot-check groups are asked for. */
  randomBelow?: (max: number) => number;
  /** The air-gap survey (tests give their own; default: this machine's, air-gap.ts). */
  airGap?: () => AirGapSurvey;
}

export interface RotationContext {
  readonly options: RotationEngineOptions;
  readonly core: EngineCore<RotationStepId, RotationState, RotationSnapshot>;
  readonly clock: () => Date;
}
