// NIST SP 800-108r1 §4.1, the KDF in counter mode with HMAC-SHA256 as its PRF: for i = 1..n,
// K(i) = PRF(K_I, [i]_r || FixedInput), and K_O is the leftmost L bits of K(1) || … || K(n).
// The fixed input is Label || 0x00 || Context || [L]_32 (§5). The counter comes before the
// fixed input, as in NIST's CAVP "BEFORE_FIXED" vectors the tests run.

import { createHmac } from 'node:crypto';

const HASH_BYTES = 32;

/** K_O of `lengthBytes` bytes from K_I and the fixed input data, with an r-bit counter. */
export function counterKdf(
  keyIn: Uint8Array,
  fixedInput: Uint8Array,
  lengthBytes: number,
  counterBits: 8 | 16 | 24 | 32 = 32,
): Uint8Array {
  const blocks = Math.ceil(lengthBytes / HASH_BYTES);
  if (!Number.isInteger(lengthBytes) || lengthBytes < 1 || blocks >= 2 ** counterBits)
    throw new RangeError(
      `the KDF cannot make ${lengthBytes} bytes with a ${counterBits}-bit counter`,
    );
  const out = new Uint8Array(blocks * HASH_BYTES);
  const counter = new Uint8Array(counterBits / 8);
  for (let i = 1; i <= blocks; i += 1) {
    for (let byte = 0; byte < counter.length; byte += 1)
      counter[byte] = (i >>> (8 * (counter.length - 1 - byte))) & 0xff;
    const block = createHmac('sha256', keyIn).update(counter).update(fixedInput).digest();
    out.set(block, (i - 1) * HASH_BYTES);
    block.fill(0);
  }
  const result = out.slice(0, lengthBytes);
  out.fill(0);
  return result;
}

/** Label || 0x00 || Context || [L]_32, L in bits (SP 800-108r1 §5). */
export function fixedInputData(
  label: Uint8Array,
  context: Uint8Array,
  lengthBytes: number,
): Uint8Array {
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, lengthBytes * 8);
  const data = new Uint8Array(label.length + 1 + context.length + 4);
  data.set(label, 0);
  data.set(context, label.length + 1);
  data.set(length, label.length + 1 + context.length);
  return data;
}
