// The wrapped-object plaintext (spec §6.2) read into and written from the simulator's objects:
// EXPORT WRAPPED, IMPORT WRAPPED and the sealed state file. The header's layout and the blob's
// sealing are protocol (protocol/wrap-format.ts).

import { capabilitiesFromBytes, capabilitiesToBytes } from '../protocol/capabilities';
import { concatBytes, u16 } from '../protocol/bytes';
import { WRAP_HEADER_LENGTH } from '../protocol/wrap-format';
import { refuse } from './device-failure';
import { LABEL_LENGTH, type HsmObject } from './hsm-object';

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
