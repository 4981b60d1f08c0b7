// How a caller names an authentication key's secret: a password (derived as yubihsm-shell
// does, spec §3.1) or the two AES keys themselves.

import { deriveAuthenticationKeys, type AuthenticationKeys } from '../crypto/password-keys';
import { YubiHsmArgumentError } from '../session/errors';

export type Credential = { password: string } | { keys: AuthenticationKeys };

/**
 * Runs `use` with the K-ENC/K-MAC pair of the credential. Keys derived from a password are
 * zeroized afterwards; keys the caller handed in stay the caller's to zeroize.
 */
export async function withAuthenticationKeys<T>(
  credential: Credential,
  use: (keys: AuthenticationKeys) => Promise<T>,
): Promise<T> {
  if ('password' in credential) {
    if (typeof credential.password !== 'string' || credential.password.length === 0) {
      throw new YubiHsmArgumentError(
        'the password is empty; enter the password of the authentication key',
      );
    }
    const keys = await deriveAuthenticationKeys(credential.password);
    try {
      return await use(keys);
    } finally {
      keys.encryptionKey.fill(0);
      keys.macKey.fill(0);
    }
  }
  const { keys } = credential;
  if (
    !(keys?.encryptionKey instanceof Uint8Array) ||
    !(keys.macKey instanceof Uint8Array) ||
    keys.encryptionKey.length !== 16 ||
    keys.macKey.length !== 16
  ) {
    throw new YubiHsmArgumentError(
      'an authentication key is two 16-byte AES keys (K-ENC and K-MAC); the keys given have the wrong length',
    );
  }
  return use(keys);
}
