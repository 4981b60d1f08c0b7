export { SimulatedYubiHsm, SIMULATED_FIRMWARE, type SimulatorOptions } from './simulated-yubihsm';
export { SimulatorStateError, storageKeyPath } from './persistence';
export { DEFAULT_AUTH_KEY_ID, DEFAULT_AUTH_KEY_LABEL, DEFAULT_PASSWORD } from './device-state';
export { SIMULATOR_PART_NUMBER, SUPPORTED_ALGORITHMS } from './device-info';
