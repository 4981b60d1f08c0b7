// A password the person typed, kept only as the two AES keys it derives (spec §3.1) until the
// ceremony ends: the text is not kept, and the keys are wiped when the ceremony is closed.

import {
  deriveAuthenticationKeys,
  type AuthenticationKeys,
} from '../../hsm/yubihsm/crypto/password-keys';
import { Refusal } from '../../refusal/refusal';

export interface HeldCredential {
  authKeyId?: number;
  keys: AuthenticationKeys;
}

export async function holdCredential(
  password: string,
  authKeyId?: number,
): Promise<HeldCredential> {
  if (password.length === 0)
    throw new Refusal('invalid-input', "Type the application key's password.");
  const keys = await deriveAuthenticationKeys(password);
  return authKeyId === undefined ? { keys } : { authKeyId, keys };
}

export function forgetCredential(credential: HeldCredential | undefined): void {
  credential?.keys.encryptionKey.fill(0);
  credential?.keys.macKey.fill(0);
}

/** Wipes the credential a ceremony holds and lets go of it. */
export function dropCredential(holder: { credential?: HeldCredential }): void {
  forgetCredential(holder.credential);
  delete holder.credential;
}
