// SmartCard-HSM / Nitrokey HSM 2 / Pico HSM DKEK share files, for the CLI and the DKEK
// ceremonies: `.pbe` files as sc-hsm-tool makes them, n-of-m password shares in its printed form
// with Custos's check word, and the check value a device shows for a DKEK.

export { SHARE_CHECK_VALUE_PATTERN, ZERO_DKEK_CHECK_VALUE, shareCheckValue } from './check-value';
export { deriveInWorker, type DeriveOptions } from './derive-in-worker';
export { DkekShareError } from './dkek-share-error';
export {
  DerivationStopped,
  SC_HSM_TOOL_ITERATIONS,
  type DerivationProgress,
} from './evp-bytes-to-key';
export { passwordShareCheckWord, normalizeCheckWord } from './check-word';
export {
  formatPasswordShareText,
  parsePasswordShareText,
  readPasswordShare,
  type TypedPasswordShare,
} from './password-share-text';
export {
  MAX_SC_HSM_TOOL_ID,
  newSharePassword,
  reconstructPassword,
  splitPassword,
  type PasswordShare,
  type ReadPasswordShare,
} from './password-shares';
export { createShareFile, openShareFile, parsePbeFile, sealShare } from './pbe-file';
export {
  checkShareFileWithPassword,
  checkShareFileWithPasswordShares,
  createPasswordShareFile,
  createThresholdShareFile,
} from './share-files';
