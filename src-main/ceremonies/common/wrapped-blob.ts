// Looking inside a wrapped object before it is imported (spec §6.1–§6.2): with the recombined
// wrap key the host opens the AES-CCM blob, reads the 59-byte header (id, type, algorithm,
// label, domains, capabilities) and wipes the plaintext at once. This lets a restore name every
// file's object, skip objects already on the device, and tell "wrapped under another key" (the
// CCM tag does not verify) apart from a device refusal.

import { decodeLabel } from '../../hsm/yubihsm/client/validation';
import { algorithmName } from '../../hsm/yubihsm/protocol/algorithms';
import { capabilitiesFromBytes } from '../../hsm/yubihsm/protocol/capabilities';
import { objectTypeName } from '../../hsm/yubihsm/protocol/object-types';
import { WRAP_HEADER_LENGTH, openWrapped } from '../../hsm/yubihsm/protocol/wrap-format';

export interface WrappedHeader {
  /** Algorithm of the wrap key the blob was made with (29, 41 or 42). */
  wrapAlgorithm: number;
  id: number;
  type: number;
  typeName: string;
  algorithm: string;
  label: string;
  domains: number;
  capabilities: bigint;
  /** Delegated capabilities (first 8 body bytes) of authentication and wrap keys; 0 otherwise. */
  delegatedCapabilities: bigint;
  sequence: number;
  origin: number;
}

export type PeekResult =
  { ok: true; header: WrappedHeader } | { ok: false; reason: 'other-key' | 'malformed' };

/** Types whose body starts with delegated capabilities (spec §6.2). */
const WITH_DELEGATED = new Set([0x02, 0x04, 0x09]);

export function peekWrapped(wrapKey: Uint8Array, blob: Uint8Array): PeekResult {
  const plaintext = openWrapped(wrapKey, blob);
  if (!plaintext) return { ok: false, reason: 'other-key' };
  try {
    if (plaintext.length < WRAP_HEADER_LENGTH) return { ok: false, reason: 'malformed' };
    const u16 = (offset: number) => (plaintext[offset]! << 8) | plaintext[offset + 1]!;
    const length = u16(11);
    if (plaintext.length !== WRAP_HEADER_LENGTH + length) return { ok: false, reason: 'malformed' };
    const type = plaintext[15]!;
    return {
      ok: true,
      header: {
        wrapAlgorithm: plaintext[0]!,
        capabilities: capabilitiesFromBytes(plaintext, 1),
        id: u16(9),
        domains: u16(13),
        type,
        typeName: objectTypeName(type),
        algorithm: algorithmName(plaintext[16]!),
        sequence: plaintext[17]!,
        origin: plaintext[18]!,
        label: decodeLabel(plaintext.subarray(19, 59)),
        delegatedCapabilities:
          WITH_DELEGATED.has(type) && length >= 8
            ? capabilitiesFromBytes(plaintext, WRAP_HEADER_LENGTH)
            : 0n,
      },
    };
  } finally {
    plaintext.fill(0);
  }
}
