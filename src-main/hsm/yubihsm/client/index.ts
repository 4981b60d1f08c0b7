export { YubiHsmClient } from './yubihsm-client';
export { YubiHsmSession } from './yubihsm-session';
export type { Credential } from './credential';
export {
  maxFrameLengthFor,
  parseDeviceInfo,
  type DeviceInfo,
  type FirmwareVersion,
} from './device-info';
export {
  OBJECT_INFO_LENGTH,
  encodeObjectFilter,
  parseObjectInfo,
  parseObjectList,
  type ListedObject,
  type ObjectFilter,
  type ObjectInfo,
} from './object-info';
export type { NewObject } from './object-prefix';
export type { NewOpaque, StorageInfo } from './objects';
export type { NewAsymmetricKey, NewAuthenticationKey, NewWrapKey, PublicKey } from './keys';
export { MIN_WRAPPED_LENGTH, type ImportedObject } from './wrap';
export { isDerEcdsaSignature } from './signing';
export {
  LOG_ENTRY_LENGTH,
  NO_ID,
  parseAuditLog,
  parseLogEntry,
  type AuditLog,
  type LogEntry,
} from './audit-log';
export { logEntryDigest, verifyAuditChain, type AuditChainCheck } from './audit-chain';
export { OptionTag } from './options';
export {
  YubiHsmArgumentError,
  YubiHsmAuthenticationError,
  YubiHsmSessionExpiredError,
  YubiHsmSessionUnusableError,
} from '../session/errors';
