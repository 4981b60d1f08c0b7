// The public surface of src-main/secrets (see README.md). Modules not re-exported here
// (base64-unpadded, share-consensus, spec-vectors) are internal.

export { AES_FIELD, RUSTY_SECRETS_FIELD, type GaloisField } from './gf256';
export {
  combineShares,
  splitSecret,
  systemRandomBytes,
  type RandomBytes,
  type SharePoint,
} from './shamir';
export {
  SETUP_WRAP_SECRET_LENGTH,
  checkWrapSecret,
  combineRandomness,
  decodeWrapSecret,
  delegatedProfile,
  encodeWrapSecret,
  policyDifferences,
  wrapKeyAlgorithm,
  type WrapKeyAlgorithm,
  type WrapPolicy,
  type WrapSecret,
  type WrapSecretFinding,
} from './wrap-secret';
export type {
  ParsedShare,
  ShareFormat,
  ShareParseOptions,
  ShareParseResult,
  ShareProblem,
  ShareProblemCode,
  ShareWarning,
  ShareWarningCode,
} from './share-types';
export {
  SETUP_MAX_SHARES,
  formatSetupShare,
  parseSetupShare,
  recoverLikeSetup,
  splitForSetup,
  type SetupRecoverResult,
} from './setup-share';
export {
  combineManagerShares,
  formatManagerShare,
  managerShareAlgorithm,
  parseManagerShare,
  splitForManager,
} from './manager-share';
export { guessShareFormat, parseShare, type AnyShareParseOptions } from './share-text';
export {
  analyzeShareSet,
  describeEntry,
  type Confirmation,
  type EntryReport,
  type SetProblem,
  type ShareSetOptions,
  type ShareSetResult,
} from './share-set';
export { judgeSecret, type RecordedWrapKey, type SecretVerdict } from './secret-verdict';
export { KCV_PATTERN, keyCheckValue, sameCheckValue } from './kcv';
export { createShareCommitment, verifyShareCommitment, type ShareCommitment } from './commitments';
export { withSecret, zeroize } from './zeroize';
