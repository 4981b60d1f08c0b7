// The real simulator behind the embedded default: SimulatedYubiHsm persisted in its state file.

import { SimulatedYubiHsm } from '../hsm/yubihsm/simulator';
import type { SimulatorFactory } from './embedded-simulators';

export const createSimulator: SimulatorFactory = ({ serial, statePath }) =>
  SimulatedYubiHsm.create({ serial, statePath });
