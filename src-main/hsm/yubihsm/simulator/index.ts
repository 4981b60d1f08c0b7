export { SimulatedYubiHsm, SIMULATED_FIRMWARE, type SimulatorOptions } from './simulated-yubihsm';
export { SimulatorStateError, storageKeyPath } from './persistence';
export { SIMULATOR_PART_NUMBER, SUPPORTED_ALGORITHMS } from './device-info';
