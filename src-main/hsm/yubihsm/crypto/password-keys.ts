// Password -> authentication key (spec §3.1): PBKDF2-HMAC-SHA256, salt "Yubico", 10 000
// iterations, 32 bytes; K-ENC is the first half, K-MAC the second. yubihsm-shell, the KSP and
// yubihsm-setup derive the same way, so a password set here opens a session there.

import { pbkdf2 } from 'node:crypto';

export const PASSWORD_SALT = 'Yubico';
export const PASSWORD_ITERATIONS = 10_000;

export interface AuthenticationKeys {
  encryptionKey: Uint8Array;
  macKey: Uint8Array;
}

export function deriveAuthenticationKeys(
  password: string | Uint8Array,
): Promise<AuthenticationKeys> {
  const secret = typeof password === 'string' ? Buffer.from(password, 'utf8') : password;
  return new Promise((resolve, reject) => {
    pbkdf2(secret, PASSWORD_SALT, PASSWORD_ITERATIONS, 32, 'sha256', (error, derived) => {
      if (typeof password === 'string') (secret as Buffer).fill(0);
      if (error) return reject(error);
      const keys = {
        encryptionKey: Uint8Array.from(derived.subarray(0, 16)),
        macKey: Uint8Array.from(derived.subarray(16, 32)),
      };
      derived.fill(0);
      resolve(keys);
    });
  });
}
