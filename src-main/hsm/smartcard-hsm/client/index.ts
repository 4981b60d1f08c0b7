export type { AppletInfo } from './applet';
export type { DkekStatus } from './dkek-status';
export { HIDDEN_KCV_EXPLANATION, readDkekStatus } from './dkek-status';
export { SmartCardHsmClientError, SmartCardHsmStatusError, type ClientRefusalCode } from './errors';
export type { KeyListing } from './files';
export { publicKeyFromCvRequest, type KeyAlgorithm, type SignatureAlgorithm } from './keys';
export type { InitializeOptions, PinStatus } from './pins';
export { SmartCardHsmClient, type UnwrapOptions } from './smartcard-hsm-client';
