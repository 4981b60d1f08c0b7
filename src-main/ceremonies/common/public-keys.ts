// A recorded public key (GET PUBLIC KEY's bytes, spec §4.3: RSA modulus, EC X || Y, Ed25519 32
// bytes) as a node:crypto KeyObject, so a signature made on a clone can be checked by code that
// is not the device's: SubjectPublicKeyInfo for EC curves (brainpool included, which JWK cannot
// name), JWK for RSA (e = 65537, spec §4.3) and Ed25519.

import { createPublicKey, type KeyObject } from 'node:crypto';

/** DER OID bodies (without tag and length) of each curve the YubiHSM 2 has (spec §5.2). */
const CURVE_OIDS: Readonly<Record<string, { oid: number[]; coordinate: number; hash: string }>> = {
  ecp224: { oid: [0x2b, 0x81, 0x04, 0x00, 0x21], coordinate: 28, hash: 'sha224' },
  ecp256: { oid: [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07], coordinate: 32, hash: 'sha256' },
  ecp384: { oid: [0x2b, 0x81, 0x04, 0x00, 0x22], coordinate: 48, hash: 'sha384' },
  ecp521: { oid: [0x2b, 0x81, 0x04, 0x00, 0x23], coordinate: 66, hash: 'sha512' },
  eck256: { oid: [0x2b, 0x81, 0x04, 0x00, 0x0a], coordinate: 32, hash: 'sha256' },
  ecbp256: {
    oid: [0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x07],
    coordinate: 32,
    hash: 'sha256',
  },
  ecbp384: {
    oid: [0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0b],
    coordinate: 48,
    hash: 'sha384',
  },
  ecbp512: {
    oid: [0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0d],
    coordinate: 64,
    hash: 'sha512',
  },
};
const EC_PUBLIC_KEY_OID = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const RSA_MODULUS_LENGTHS: Readonly<Record<string, number>> = {
  rsa2048: 256,
  rsa3072: 384,
  rsa4096: 512,
};

export function isEcAlgorithm(algorithm: string): boolean {
  return algorithm in CURVE_OIDS;
}

export function isRsaAlgorithm(algorithm: string): boolean {
  return algorithm in RSA_MODULUS_LENGTHS;
}

/** The hash an ECDSA signature over this curve is made with (its size matches the curve's). */
export function ecdsaHash(algorithm: string): string {
  const curve = CURVE_OIDS[algorithm];
  if (!curve) throw new RangeError(`${algorithm} is not an EC curve`);
  return curve.hash;
}

function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

function der(tag: number, body: readonly number[] | Uint8Array): number[] {
  return [tag, ...derLength(body.length), ...body];
}

/** Throws a RangeError for an algorithm without a public key or bytes of the wrong length. */
export function publicKeyObject(algorithm: string, key: Uint8Array): KeyObject {
  const curve = CURVE_OIDS[algorithm];
  if (curve) {
    if (key.length !== 2 * curve.coordinate)
      throw new RangeError(
        `an ${algorithm} public key is ${2 * curve.coordinate} bytes (X || Y), not ${key.length}`,
      );
    const algorithmId = der(0x30, [...der(0x06, EC_PUBLIC_KEY_OID), ...der(0x06, curve.oid)]);
    const point = der(0x03, [0x00, 0x04, ...key]);
    return createPublicKey({
      key: Buffer.from(der(0x30, [...algorithmId, ...point])),
      format: 'der',
      type: 'spki',
    });
  }
  const modulusLength = RSA_MODULUS_LENGTHS[algorithm];
  if (modulusLength !== undefined) {
    if (key.length !== modulusLength)
      throw new RangeError(`an ${algorithm} modulus is ${modulusLength} bytes, not ${key.length}`);
    return createPublicKey({
      key: { kty: 'RSA', n: Buffer.from(key).toString('base64url'), e: 'AQAB' },
      format: 'jwk',
    });
  }
  if (algorithm === 'ed25519') {
    if (key.length !== 32)
      throw new RangeError(`an Ed25519 public key is 32 bytes, not ${key.length}`);
    return createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(key).toString('base64url') },
      format: 'jwk',
    });
  }
  throw new RangeError(`${algorithm} is not an asymmetric key algorithm with a public key`);
}
