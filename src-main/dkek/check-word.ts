// A short check word per password share, Custos's own addition (spec §4.3 defect 3): sc-hsm-tool's
// three fields carry no checksum, so a mistyped share value surfaces only as a failed decryption
// after seconds of key derivation, or (1 in 256 with sc-hsm-tool) as a silently wrong share.
// The word is computed over the prime, the ID and the value, shown beside the three fields on
// Custos's screens and sheets and in its share files (as a comment line sc-hsm-tool users can
// ignore), and checked the moment a share is typed or read. 6 Crockford base-32 characters:
// 30 bits, so a typo slips through about once in a billion.

import { createHash } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DOMAIN = Buffer.from('custos dkek password share check word v1\0', 'ascii');
export const CHECK_WORD_LENGTH = 6;

export function bigintBytes(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = value;
  for (let i = length - 1; i >= 0; i -= 1) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** The check word of share (`prime`, `id`, `value`). */
export function passwordShareCheckWord(prime: bigint, id: number, value: bigint): string {
  const digest = createHash('sha256')
    .update(DOMAIN)
    .update(bigintBytes(prime, 8))
    .update(bigintBytes(BigInt(id), 4))
    .update(bigintBytes(value, 8))
    .digest();
  let bits = 0;
  for (let i = 0; i < 4; i += 1) bits = bits * 256 + digest[i]!;
  bits = Math.floor(bits / 4); // 30 bits
  let word = '';
  for (let i = 0; i < CHECK_WORD_LENGTH; i += 1) {
    word = ALPHABET[bits % 32]! + word;
    bits = Math.floor(bits / 32);
  }
  return word;
}

/** A typed check word in the alphabet's own letters: case ignored, O → 0, I and L → 1. */
export function normalizeCheckWord(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
}
