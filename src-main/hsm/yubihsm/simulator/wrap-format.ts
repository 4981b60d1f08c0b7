// The wrapped-object plaintext (spec §6.2), shared by EXPORT WRAPPED, IMPORT WRAPPED and the
// sealed state file: a 59-byte header (wrap key algorithm, capabilities, id, length, domains,
// type, algorithm, sequence, origin, label) followed by the §6.3 body. The blob is
// nonce (13) || AES-CCM ciphertext || tag (16) (spec §6.1).

import { CCM_NONCE_LENGTH, CCM_TAG_LENGTH, aesCcmOpen, aesCcmSeal } from '../crypto/aes';
import { capabilitiesFromBytes, capabilitiesToBytes } from '../protocol/capabilities';
import { concatBytes, u16 } from '../protocol/bytes';
import { refuse } from './device-failure';
import { LABEL_LENGTH, type HsmObject } from './hsm-object';

export const WRAP_HEADER_LENGTH = 59;
/** Smallest blob: nonce, a header with an empty body, tag. */
export const MIN_WRAPPED_LENGTH = CCM_NONCE_LENGTH + WRAP_HEADER_LENGTH + CCM_TAG_LENGTH;

/** Header || body. `body` may differ from object.body (Ed25519 without its seed). */
export function encodeWrapPlaintext(
  wrapAlgorithm: number,
  object: HsmObject,
  body: Uint8Array = object.body,
): Uint8Array {
  return concatBytes(
    Uint8Array.of(wrapAlgorithm),
    capabilitiesToBytes(object.capabilities),
    u16(object.id),
    u16(body.length),
    u16(object.domains),
    Uint8Array.of(object.type, object.algorithm, object.sequence, object.origin),
    object.label,
    body,
  );
}

export interface WrapPlaintext {
  wrapAlgorithm: number;
  object: HsmObject;
}

/** Splits header and body; a length field that does not match the body is INVALID_DATA. */
export function decodeWrapPlaintext(plaintext: Uint8Array): WrapPlaintext {
  if (plaintext.length < WRAP_HEADER_LENGTH) refuse.invalidData();
  const view = (offset: number) => (plaintext[offset]! << 8) | plaintext[offset + 1]!;
  const length = view(11);
  if (plaintext.length !== WRAP_HEADER_LENGTH + length) refuse.invalidData();
  return {
    wrapAlgorithm: plaintext[0]!,
    object: {
      capabilities: capabilitiesFromBytes(plaintext, 1),
      id: view(9),
      domains: view(13),
      type: plaintext[15]!,
      algorithm: plaintext[16]!,
      sequence: plaintext[17]!,
      origin: plaintext[18]!,
      label: plaintext.slice(19, 19 + LABEL_LENGTH),
      body: plaintext.slice(WRAP_HEADER_LENGTH),
    },
  };
}

/** nonce || CCM(plaintext) || tag under the wrap key. */
export function sealWrapped(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return concatBytes(nonce, aesCcmSeal(key, nonce, plaintext));
}

/** The plaintext of a blob, or undefined when it is too short or its tag does not verify. */
export function openWrapped(key: Uint8Array, blob: Uint8Array): Uint8Array | undefined {
  if (blob.length < CCM_NONCE_LENGTH + CCM_TAG_LENGTH) return undefined;
  return aesCcmOpen(key, blob.subarray(0, CCM_NONCE_LENGTH), blob.subarray(CCM_NONCE_LENGTH));
}
