export type { CardFlavour } from './card-state';
export {
  SimulatedSmartCardHsm,
  type SimulatedSmartCardHsmOptions,
} from './simulated-smartcard-hsm';
export { SimulatorStateError } from './state-file';
export type { VirtualCard } from './virtual-card';
