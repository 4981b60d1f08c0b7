// The check value a SmartCard-HSM shows for its DKEK (spec §3): the first 8 bytes of SHA-256 of
// the key, as 16 upper-case hex digits ("DKEK key check value : 4B7DA256ACD4EF62" in
// sc-hsm-tool). Over one DKEK share it is what a device would show with that share as its only
// share, which is how `dkek share check` names a share without showing it. The device side (the
// simulator's KCV over the combined DKEK) uses this same function.

import { createHash } from 'node:crypto';

export const SHARE_CHECK_VALUE_PATTERN = /^[0-9A-F]{16}$/;

/** SHA-256(bytes)[0..8] as 16 upper-case hex digits; `bytes` is a 32-byte share or DKEK. */
export function shareCheckValue(share: Uint8Array): string {
  if (share.length !== 32)
    throw new RangeError(`a DKEK share or DKEK is 32 bytes, not ${share.length}`);
  const digest = createHash('sha256').update(share).digest();
  try {
    return digest.subarray(0, 8).toString('hex').toUpperCase();
  } finally {
    digest.fill(0);
  }
}

/**
 * The check value of a DKEK made only of the same share imported twice (all zeros): a device
 * showing it has been given one share file twice (spec §3).
 */
export const ZERO_DKEK_CHECK_VALUE = '66687AADF862BD77';
