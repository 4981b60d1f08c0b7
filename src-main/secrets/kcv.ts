// The wrap-key check value shown on screen, printed on every sheet and kept in the ceremony
// record (DESIGN.md "Formats"): the conventional KCV, the first 3 bytes of AES-ECB(key, 16 zero
// bytes), as 6 uppercase hex digits, so other tools' check values can be compared with it.
// Three bytes identify a key without giving away anything useful about it.

import { aesEncryptBlock } from '../hsm/yubihsm/crypto/aes';

export const KCV_PATTERN = /^[0-9A-F]{6}$/;

/** KCV of an AES-128, -192 or -256 key. */
export function keyCheckValue(key: Uint8Array): string {
  if (![16, 24, 32].includes(key.length))
    throw new RangeError(`an AES key is 16, 24 or 32 bytes, not ${key.length}`);
  const block = aesEncryptBlock(key, new Uint8Array(16));
  try {
    return Array.from(block.subarray(0, 3), (b) => b.toString(16).padStart(2, '0'))
      .join('')
      .toUpperCase();
  } finally {
    block.fill(0);
  }
}

/** Compares a KCV with one a person typed or a record holds; case and spaces do not matter. */
export function sameCheckValue(a: string, b: string): boolean {
  const clean = (s: string) => s.replace(/\s+/g, '').toUpperCase();
  return clean(a) === clean(b);
}
