// MD5 of a 16-byte MD5 digest, repeated: rounds 2..c of EVP_BytesToKey (spec §2.2). Every such
// round hashes exactly one earlier digest, so the message is always one 64-byte block whose
// last 48 bytes are fixed (the 0x80 pad byte, zeros, the bit length 128). The 64 steps of RFC 1321
// are written out with those fixed words folded into the step constants, and the chaining words
// live in local variables: no array, no allocation, no byte conversion between rounds. This is
// the whole cost of opening or creating a `.pbe` file (3 × 10^7 rounds); node:crypto checks it
// (md5-chain.test.ts). Unrolled from RFC 1321 §3.4 by a one-off script, not by hand.

/** The digest as MD5 outputs it: four little-endian 32-bit words. */
export type Md5Words = Int32Array;

/** Reads a 16-byte digest into four little-endian words. */
export function digestToWords(digest: Uint8Array): Md5Words {
  if (digest.length !== 16) throw new RangeError(`an MD5 digest is 16 bytes, not ${digest.length}`);
  const view = new DataView(digest.buffer, digest.byteOffset, 16);
  return Int32Array.of(
    view.getInt32(0, true),
    view.getInt32(4, true),
    view.getInt32(8, true),
    view.getInt32(12, true),
  );
}

/** Writes four little-endian words into `out` (16 bytes at `offset`). */
export function wordsToDigest(words: Md5Words, out: Uint8Array, offset = 0): void {
  const view = new DataView(out.buffer, out.byteOffset + offset, 16);
  for (let i = 0; i < 4; i += 1) view.setInt32(4 * i, words[i]!, true);
}

/** Replaces `digest` with MD5(digest), `rounds` times over. */
export function md5Rehash(digest: Md5Words, rounds: number): void {
  let x0 = digest[0]!;
  let x1 = digest[1]!;
  let x2 = digest[2]!;
  let x3 = digest[3]!;
  let a: number, b: number, c: number, d: number, t: number;
  for (let round = 0; round < rounds; round += 1) {
    a = 0x67452301;
    b = 0xefcdab89 | 0;
    c = 0x98badcfe | 0;
    d = 0x10325476;
    t = (a + (d ^ (b & (c ^ d))) + x0 + 0xd76aa478) | 0;
    a = (b + ((t << 7) | (t >>> 25))) | 0;
    t = (d + (c ^ (a & (b ^ c))) + x1 + 0xe8c7b756) | 0;
    d = (a + ((t << 12) | (t >>> 20))) | 0;
    t = (c + (b ^ (d & (a ^ b))) + x2 + 0x242070db) | 0;
    c = (d + ((t << 17) | (t >>> 15))) | 0;
    t = (b + (a ^ (c & (d ^ a))) + x3 + 0xc1bdceee) | 0;
    b = (c + ((t << 22) | (t >>> 10))) | 0;
    t = (a + (d ^ (b & (c ^ d))) + 0xf57c102f) | 0;
    a = (b + ((t << 7) | (t >>> 25))) | 0;
    t = (d + (c ^ (a & (b ^ c))) + 0x4787c62a) | 0;
    d = (a + ((t << 12) | (t >>> 20))) | 0;
    t = (c + (b ^ (d & (a ^ b))) + 0xa8304613) | 0;
    c = (d + ((t << 17) | (t >>> 15))) | 0;
    t = (b + (a ^ (c & (d ^ a))) + 0xfd469501) | 0;
    b = (c + ((t << 22) | (t >>> 10))) | 0;
    t = (a + (d ^ (b & (c ^ d))) + 0x698098d8) | 0;
    a = (b + ((t << 7) | (t >>> 25))) | 0;
    t = (d + (c ^ (a & (b ^ c))) + 0x8b44f7af) | 0;
    d = (a + ((t << 12) | (t >>> 20))) | 0;
    t = (c + (b ^ (d & (a ^ b))) + 0xffff5bb1) | 0;
    c = (d + ((t << 17) | (t >>> 15))) | 0;
    t = (b + (a ^ (c & (d ^ a))) + 0x895cd7be) | 0;
    b = (c + ((t << 22) | (t >>> 10))) | 0;
    t = (a + (d ^ (b & (c ^ d))) + 0x6b901122) | 0;
    a = (b + ((t << 7) | (t >>> 25))) | 0;
    t = (d + (c ^ (a & (b ^ c))) + 0xfd987193) | 0;
    d = (a + ((t << 12) | (t >>> 20))) | 0;
    t = (c + (b ^ (d & (a ^ b))) + 0xa679440e) | 0;
    c = (d + ((t << 17) | (t >>> 15))) | 0;
    t = (b + (a ^ (c & (d ^ a))) + 0x49b40821) | 0;
    b = (c + ((t << 22) | (t >>> 10))) | 0;
    t = (a + (c ^ (d & (b ^ c))) + x1 + 0xf61e2562) | 0;
    a = (b + ((t << 5) | (t >>> 27))) | 0;
    t = (d + (b ^ (c & (a ^ b))) + 0xc040b340) | 0;
    d = (a + ((t << 9) | (t >>> 23))) | 0;
    t = (c + (a ^ (b & (d ^ a))) + 0x265e5a51) | 0;
    c = (d + ((t << 14) | (t >>> 18))) | 0;
    t = (b + (d ^ (a & (c ^ d))) + x0 + 0xe9b6c7aa) | 0;
    b = (c + ((t << 20) | (t >>> 12))) | 0;
    t = (a + (c ^ (d & (b ^ c))) + 0xd62f105d) | 0;
    a = (b + ((t << 5) | (t >>> 27))) | 0;
    t = (d + (b ^ (c & (a ^ b))) + 0x02441453) | 0;
    d = (a + ((t << 9) | (t >>> 23))) | 0;
    t = (c + (a ^ (b & (d ^ a))) + 0xd8a1e681) | 0;
    c = (d + ((t << 14) | (t >>> 18))) | 0;
    t = (b + (d ^ (a & (c ^ d))) + 0xe7d3fc48) | 0;
    b = (c + ((t << 20) | (t >>> 12))) | 0;
    t = (a + (c ^ (d & (b ^ c))) + 0x21e1cde6) | 0;
    a = (b + ((t << 5) | (t >>> 27))) | 0;
    t = (d + (b ^ (c & (a ^ b))) + 0xc3370856) | 0;
    d = (a + ((t << 9) | (t >>> 23))) | 0;
    t = (c + (a ^ (b & (d ^ a))) + x3 + 0xf4d50d87) | 0;
    c = (d + ((t << 14) | (t >>> 18))) | 0;
    t = (b + (d ^ (a & (c ^ d))) + 0x455a14ed) | 0;
    b = (c + ((t << 20) | (t >>> 12))) | 0;
    t = (a + (c ^ (d & (b ^ c))) + 0xa9e3e905) | 0;
    a = (b + ((t << 5) | (t >>> 27))) | 0;
    t = (d + (b ^ (c & (a ^ b))) + x2 + 0xfcefa3f8) | 0;
    d = (a + ((t << 9) | (t >>> 23))) | 0;
    t = (c + (a ^ (b & (d ^ a))) + 0x676f02d9) | 0;
    c = (d + ((t << 14) | (t >>> 18))) | 0;
    t = (b + (d ^ (a & (c ^ d))) + 0x8d2a4c8a) | 0;
    b = (c + ((t << 20) | (t >>> 12))) | 0;
    t = (a + (b ^ c ^ d) + 0xfffa3942) | 0;
    a = (b + ((t << 4) | (t >>> 28))) | 0;
    t = (d + (a ^ b ^ c) + 0x8771f681) | 0;
    d = (a + ((t << 11) | (t >>> 21))) | 0;
    t = (c + (d ^ a ^ b) + 0x6d9d6122) | 0;
    c = (d + ((t << 16) | (t >>> 16))) | 0;
    t = (b + (c ^ d ^ a) + 0xfde5388c) | 0;
    b = (c + ((t << 23) | (t >>> 9))) | 0;
    t = (a + (b ^ c ^ d) + x1 + 0xa4beea44) | 0;
    a = (b + ((t << 4) | (t >>> 28))) | 0;
    t = (d + (a ^ b ^ c) + 0x4bded029) | 0;
    d = (a + ((t << 11) | (t >>> 21))) | 0;
    t = (c + (d ^ a ^ b) + 0xf6bb4b60) | 0;
    c = (d + ((t << 16) | (t >>> 16))) | 0;
    t = (b + (c ^ d ^ a) + 0xbebfbc70) | 0;
    b = (c + ((t << 23) | (t >>> 9))) | 0;
    t = (a + (b ^ c ^ d) + 0x289b7ec6) | 0;
    a = (b + ((t << 4) | (t >>> 28))) | 0;
    t = (d + (a ^ b ^ c) + x0 + 0xeaa127fa) | 0;
    d = (a + ((t << 11) | (t >>> 21))) | 0;
    t = (c + (d ^ a ^ b) + x3 + 0xd4ef3085) | 0;
    c = (d + ((t << 16) | (t >>> 16))) | 0;
    t = (b + (c ^ d ^ a) + 0x04881d05) | 0;
    b = (c + ((t << 23) | (t >>> 9))) | 0;
    t = (a + (b ^ c ^ d) + 0xd9d4d039) | 0;
    a = (b + ((t << 4) | (t >>> 28))) | 0;
    t = (d + (a ^ b ^ c) + 0xe6db99e5) | 0;
    d = (a + ((t << 11) | (t >>> 21))) | 0;
    t = (c + (d ^ a ^ b) + 0x1fa27cf8) | 0;
    c = (d + ((t << 16) | (t >>> 16))) | 0;
    t = (b + (c ^ d ^ a) + x2 + 0xc4ac5665) | 0;
    b = (c + ((t << 23) | (t >>> 9))) | 0;
    t = (a + (c ^ (b | ~d)) + x0 + 0xf4292244) | 0;
    a = (b + ((t << 6) | (t >>> 26))) | 0;
    t = (d + (b ^ (a | ~c)) + 0x432aff97) | 0;
    d = (a + ((t << 10) | (t >>> 22))) | 0;
    t = (c + (a ^ (d | ~b)) + 0xab942427) | 0;
    c = (d + ((t << 15) | (t >>> 17))) | 0;
    t = (b + (d ^ (c | ~a)) + 0xfc93a039) | 0;
    b = (c + ((t << 21) | (t >>> 11))) | 0;
    t = (a + (c ^ (b | ~d)) + 0x655b59c3) | 0;
    a = (b + ((t << 6) | (t >>> 26))) | 0;
    t = (d + (b ^ (a | ~c)) + x3 + 0x8f0ccc92) | 0;
    d = (a + ((t << 10) | (t >>> 22))) | 0;
    t = (c + (a ^ (d | ~b)) + 0xffeff47d) | 0;
    c = (d + ((t << 15) | (t >>> 17))) | 0;
    t = (b + (d ^ (c | ~a)) + x1 + 0x85845dd1) | 0;
    b = (c + ((t << 21) | (t >>> 11))) | 0;
    t = (a + (c ^ (b | ~d)) + 0x6fa87e4f) | 0;
    a = (b + ((t << 6) | (t >>> 26))) | 0;
    t = (d + (b ^ (a | ~c)) + 0xfe2ce6e0) | 0;
    d = (a + ((t << 10) | (t >>> 22))) | 0;
    t = (c + (a ^ (d | ~b)) + 0xa3014314) | 0;
    c = (d + ((t << 15) | (t >>> 17))) | 0;
    t = (b + (d ^ (c | ~a)) + 0x4e0811a1) | 0;
    b = (c + ((t << 21) | (t >>> 11))) | 0;
    t = (a + (c ^ (b | ~d)) + 0xf7537f02) | 0;
    a = (b + ((t << 6) | (t >>> 26))) | 0;
    t = (d + (b ^ (a | ~c)) + 0xbd3af235) | 0;
    d = (a + ((t << 10) | (t >>> 22))) | 0;
    t = (c + (a ^ (d | ~b)) + x2 + 0x2ad7d2bb) | 0;
    c = (d + ((t << 15) | (t >>> 17))) | 0;
    t = (b + (d ^ (c | ~a)) + 0xeb86d391) | 0;
    b = (c + ((t << 21) | (t >>> 11))) | 0;
    x0 = (a + 0x67452301) | 0;
    x1 = (b + 0xefcdab89) | 0;
    x2 = (c + 0x98badcfe) | 0;
    x3 = (d + 0x10325476) | 0;
  }
  digest[0] = x0;
  digest[1] = x1;
  digest[2] = x2;
  digest[3] = x3;
}
