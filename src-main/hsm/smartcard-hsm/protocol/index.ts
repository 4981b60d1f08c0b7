export * from './apdu';
export * from './constants';
export * from './dkek-keys';
export * from './status-words';
export * from './tlv';
export * from './wrap-file';
export * from './wrapped-key';
