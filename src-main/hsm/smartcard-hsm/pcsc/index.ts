// The PC/SC side of the SmartCard-HSM device layer: the lazily loaded binding, the transport,
// the reader watcher and the sentences they fail with.

export { INSTALL_PCSC_SENTENCE, pcscBinding, type PcscAvailability } from './pcsc-binding';
export { PcscError, type PcscProblem } from './pcsc-sentences';
export { MAX_RESPONSE_LENGTH, PcscTransport, type PcscTransportOptions } from './pcsc-transport';
export {
  PcscReaderWatcher,
  type PcscState,
  type ReaderDescriptor,
  type ReaderEvent,
} from './reader-watcher';
