// The keys a DKEK stands for (spec §3): its check value, and the two keys that protect a
// wrapped key blob (§6). The check value is the same function `dkek share check` uses over one
// share (src-main/dkek/check-value.ts), so a device with one share shows what the file shows.

import { createHash } from 'node:crypto';
import { shareCheckValue } from '../../../dkek/check-value';
import { DKEK_LENGTH } from './constants';

/** KCV = SHA-256(DKEK)[0..8], as the 8 bytes a device and a blob carry. */
export function dkekCheckValueBytes(dkek: Uint8Array): Uint8Array {
  return Uint8Array.from(Buffer.from(shareCheckValue(dkek), 'hex'));
}

/** KCV as sc-hsm-tool prints it: 16 upper-case hex digits. */
export function dkekCheckValue(dkek: Uint8Array): string {
  return shareCheckValue(dkek);
}

export function checkValueHex(kcv: Uint8Array): string {
  return Buffer.from(kcv).toString('hex').toUpperCase();
}

function derive(dkek: Uint8Array, counter: number): Uint8Array {
  if (dkek.length !== DKEK_LENGTH)
    throw new RangeError(`a DKEK is ${DKEK_LENGTH} bytes, not ${dkek.length}`);
  const hash = createHash('sha256')
    .update(dkek)
    .update(Uint8Array.of(0, 0, 0, counter));
  return new Uint8Array(hash.digest());
}

/** KENC = SHA-256(DKEK ‖ 00000001): encrypts the key inside a blob (§6). */
export function dkekEncryptionKey(dkek: Uint8Array): Uint8Array {
  return derive(dkek, 1);
}

/** KMAC = SHA-256(DKEK ‖ 00000002): the CMAC key over a blob (§6). */
export function dkekMacKey(dkek: Uint8Array): Uint8Array {
  return derive(dkek, 2);
}

/** XORs a share into the accumulator in place, as the device does on import (§1). */
export function xorShareInto(accumulator: Uint8Array, share: Uint8Array): void {
  if (accumulator.length !== DKEK_LENGTH || share.length !== DKEK_LENGTH)
    throw new RangeError(`a DKEK share is ${DKEK_LENGTH} bytes`);
  for (let i = 0; i < DKEK_LENGTH; i++) accumulator[i]! ^= share[i]!;
}

/** The DKEK a set of shares makes, computed off the device (for a KCV to compare with). */
export function combineShares(shares: readonly Uint8Array[]): Uint8Array {
  const dkek = new Uint8Array(DKEK_LENGTH);
  for (const share of shares) xorShareInto(dkek, share);
  return dkek;
}
