// EC private keys in the device's internal form (spec §6.3): d || X || Y, each the curve's
// coordinate width. ECDSA over a caller-supplied hash (SIGN ECDSA, §4.3) and ECDH (DERIVE ECDH)
// run on @noble/curves, which signs a raw hash of any length as FIPS 186 prescribes.

import { ecdsa, weierstrass } from '@noble/curves/abstract/weierstrass.js';
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { sha224 } from '@noble/hashes/sha2.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { Algorithm } from '../protocol/algorithms';
import { concatBytes } from '../protocol/bytes';
import { bigintToBytes, bytesToBigint } from './bytes';
import { refuse } from './device-failure';

type Curve = typeof p256;

/**
 * NIST P-224 (secp224r1, FIPS 186-4 D.1.2.2), which @noble/curves does not ship. Its field
 * prime is 1 mod 8, so square roots take noble's general Tonelli-Shanks path.
 */
export const p224: Curve = ecdsa(
  weierstrass({
    p: BigInt('0xffffffffffffffffffffffffffffffff000000000000000000000001'),
    n: BigInt('0xffffffffffffffffffffffffffff16a2e0b8f03e13dd29455c5c2a3d'),
    h: 1n,
    a: BigInt('0xfffffffffffffffffffffffffffffffefffffffffffffffffffffffe'),
    b: BigInt('0xb4050a850c04b3abf54132565044b0b7d7bfd8ba270b39432355ffb4'),
    Gx: BigInt('0xb70e0cbd6bb4bf7f321390b94a03c1d356c21122343280d6115c1d21'),
    Gy: BigInt('0xbd376388b5f723fb4c22dfe6cd4375a05a07476444d5819985007e34'),
  }),
  sha224,
);

interface CurveSpec {
  curve: Curve;
  /** Coordinate (and scalar) width in bytes. */
  width: number;
}

const CURVES: ReadonlyMap<number, CurveSpec> = new Map([
  [Algorithm.EcP224, { curve: p224, width: 28 }],
  [Algorithm.EcP256, { curve: p256, width: 32 }],
  [Algorithm.EcP384, { curve: p384, width: 48 }],
  [Algorithm.EcP521, { curve: p521, width: 66 }],
  [Algorithm.EcK256, { curve: secp256k1, width: 32 }],
  [Algorithm.EcBp256, { curve: brainpoolP256r1, width: 32 }],
  [Algorithm.EcBp384, { curve: brainpoolP384r1, width: 48 }],
  [Algorithm.EcBp512, { curve: brainpoolP512r1, width: 64 }],
]);

export const EC_ALGORITHMS: readonly number[] = [...CURVES.keys()];

function spec(algorithm: number): CurveSpec {
  return CURVES.get(algorithm) ?? refuse.invalidData();
}

export function ecScalarLength(algorithm: number): number {
  return spec(algorithm).width;
}

/** d || X || Y from the private scalar; a scalar outside 1..n-1 is INVALID_DATA. */
export function ecBodyFromScalar(algorithm: number, scalar: Uint8Array): Uint8Array {
  const { curve, width } = spec(algorithm);
  if (scalar.length !== width) refuse.wrongLength();
  const d = bytesToBigint(scalar);
  if (d <= 0n || d >= curve.Point.Fn.ORDER) refuse.invalidData();
  const point = curve.Point.BASE.multiply(d).toAffine();
  return concatBytes(scalar, bigintToBytes(point.x, width), bigintToBytes(point.y, width));
}

/** A fresh key from the device's random source: draw until the scalar is in range. */
export function generateEcBody(
  algorithm: number,
  randomBytes: (count: number) => Uint8Array,
): Uint8Array {
  const { curve, width } = spec(algorithm);
  const order = curve.Point.Fn.ORDER;
  const excessBits = BigInt(width * 8 - order.toString(2).length);
  for (;;) {
    const candidate = randomBytes(width);
    // P-521's 66 bytes carry 7 bits more than the order: drop them so a draw rarely fails.
    const d = bytesToBigint(candidate) >> excessBits;
    candidate.fill(0);
    if (d > 0n && d < order) {
      const scalar = bigintToBytes(d, width);
      const body = ecBodyFromScalar(algorithm, scalar);
      scalar.fill(0);
      return body;
    }
  }
}

/** Checks an imported d || X || Y: right width, and X || Y really is d·G. */
export function checkEcBody(algorithm: number, body: Uint8Array): void {
  const { width } = spec(algorithm);
  if (body.length !== 3 * width) refuse.invalidData();
  const expected = ecBodyFromScalar(algorithm, body.subarray(0, width));
  const matches = expected.every((byte, i) => byte === body[i]);
  expected.fill(0);
  if (!matches) refuse.invalidData();
}

/** GET PUBLIC KEY: X || Y without the 0x04 prefix (spec §4.3). */
export function ecPublicKey(algorithm: number, body: Uint8Array): Uint8Array {
  const { width } = spec(algorithm);
  return body.slice(width, 3 * width);
}

/** SIGN ECDSA (spec §4.3): the hash as given (left-padded or longer is fine), DER output. */
export function signEcdsa(
  algorithm: number,
  body: Uint8Array,
  hash: Uint8Array,
  randomBytes: (count: number) => Uint8Array,
): Uint8Array {
  const { curve, width } = spec(algorithm);
  if (hash.length === 0) refuse.invalidData();
  // RFC 6979 nonce, hedged with fresh device randomness as a real HSM's random k would be.
  return curve.sign(hash, body.subarray(0, width), {
    prehash: false,
    lowS: false,
    format: 'der',
    extraEntropy: randomBytes(32),
  });
}

/** DERIVE ECDH (spec §4.3): peer `04 || X || Y` -> shared X; off-curve points -> INVALID_DATA. */
export function deriveEcdh(algorithm: number, body: Uint8Array, peer: Uint8Array): Uint8Array {
  const { curve, width } = spec(algorithm);
  if (peer.length !== 1 + 2 * width || peer[0] !== 0x04) refuse.invalidData();
  let shared: Uint8Array;
  try {
    shared = curve.getSharedSecret(body.subarray(0, width), peer, true);
  } catch {
    return refuse.invalidData();
  }
  return shared.slice(1);
}
