export { SecureSession, type SecureSessionOptions } from './secure-session';
export {
  YubiHsmArgumentError,
  YubiHsmAuthenticationError,
  YubiHsmSessionExpiredError,
  YubiHsmSessionUnusableError,
} from './errors';
export { maxInnerPayload, sessionMessageLength } from './session-message';
