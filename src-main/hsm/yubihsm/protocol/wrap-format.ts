// The wrapped-object format (spec §6.1, §6.2): a blob is nonce (13) || AES-CCM ciphertext ||
// tag (16) under the wrap key, and its plaintext a 59-byte header (wrap key algorithm,
// capabilities, id, length, domains, type, algorithm, sequence, origin, label) followed by the
// §6.3 body. Protocol, not simulator: the restore opens blobs with it, and the simulator's
// EXPORT / IMPORT WRAPPED and state file use it too (simulator/wrap-plaintext.ts reads the
// header into its objects).

import { CCM_NONCE_LENGTH, CCM_TAG_LENGTH, aesCcmOpen, aesCcmSeal } from '../crypto/aes';
import { concatBytes } from './bytes';

export const WRAP_HEADER_LENGTH = 59;
/** Smallest blob: nonce, a header with an empty body, tag. */
export const MIN_WRAPPED_LENGTH = CCM_NONCE_LENGTH + WRAP_HEADER_LENGTH + CCM_TAG_LENGTH;

/** nonce || CCM(plaintext) || tag under the wrap key. */
export function sealWrapped(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return concatBytes(nonce, aesCcmSeal(key, nonce, plaintext));
}

/** The plaintext of a blob, or undefined when it is too short or its tag does not verify. */
export function openWrapped(key: Uint8Array, blob: Uint8Array): Uint8Array | undefined {
  if (blob.length < CCM_NONCE_LENGTH + CCM_TAG_LENGTH) return undefined;
  return aesCcmOpen(key, blob.subarray(0, CCM_NONCE_LENGTH), blob.subarray(CCM_NONCE_LENGTH));
}
