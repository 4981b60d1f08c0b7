import type { SecureSession } from '../session/secure-session';

/** What the typed commands need from a secure session. */
export type SessionChannel = Pick<SecureSession, 'send' | 'authKeyId' | 'maxPayloadLength'>;
