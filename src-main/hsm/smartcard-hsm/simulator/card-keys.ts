// Real key pairs on the simulated card: EC P-256 on @noble/curves, RSA on node:crypto. A key
// goes into a wrapped-key blob in the §6 field order and comes back out of one (spec §6), so a
// key wrapped here unwraps on any device of the same domain, and one wrapped elsewhere works
// here. RSA blobs of type 5 carry only d, n, e; the primes are recovered from them.

import { p256 } from '@noble/curves/nist.js';
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as nodeSign,
} from 'node:crypto';
import { constants, privateEncrypt, type JsonWebKey } from 'node:crypto';
import { bigintToBytes, bytesToBigint } from '../../yubihsm/simulator/bytes';
import { KeyAlgorithmOid, WrappedKeyType, type WrappedKeyContent } from '../protocol/wrapped-key';

export type CardKey =
  | { kind: 'ec-p256'; d: Uint8Array }
  | { kind: 'rsa'; jwk: RsaJwk }
  | { kind: 'aes'; key: Uint8Array };

export interface RsaJwk {
  kty: 'RSA';
  n: string;
  e: string;
  d: string;
  p: string;
  q: string;
  dp: string;
  dq: string;
  qi: string;
}

const P256 = p256.Point.CURVE();
const P256_WIDTH = 32;

/** Thrown when a blob or a request carries a key this simulator cannot hold. */
export class UnsupportedKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedKeyError';
  }
}

export function generateEcP256Key(): CardKey {
  return { kind: 'ec-p256', d: p256.utils.randomSecretKey() };
}

export function generateRsaKey(bits: number): CardKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 65537 });
  return { kind: 'rsa', jwk: privateKey.export({ format: 'jwk' }) as unknown as RsaJwk };
}

export function keySizeBits(key: CardKey): number {
  if (key.kind === 'ec-p256') return 256;
  if (key.kind === 'aes') return key.key.length * 8;
  return Buffer.from(key.jwk.n, 'base64url').length * 8;
}

/** EC: the uncompressed point Q. RSA: modulus and exponent. */
export function ecPublicPoint(key: { d: Uint8Array }): Uint8Array {
  return p256.getPublicKey(key.d, false);
}

export function rsaPublicParts(jwk: RsaJwk): { n: Uint8Array; e: Uint8Array } {
  return {
    n: new Uint8Array(Buffer.from(jwk.n, 'base64url')),
    e: new Uint8Array(Buffer.from(jwk.e, 'base64url')),
  };
}

export const p256Parameters = {
  prime: bigintToBytes(P256.p, P256_WIDTH),
  a: bigintToBytes(P256.a, P256_WIDTH),
  b: bigintToBytes(P256.b, P256_WIDTH),
  generator: Uint8Array.from([
    4,
    ...bigintToBytes(P256.Gx, P256_WIDTH),
    ...bigintToBytes(P256.Gy, P256_WIDTH),
  ]),
  order: bigintToBytes(P256.n, P256_WIDTH),
  cofactor: Uint8Array.of(1),
};

/** ECDSA over P-256, DER-encoded as the SmartCard-HSM answers; `prehash` hashes with SHA-256. */
export function ecdsaSign(key: { d: Uint8Array }, data: Uint8Array, prehash: boolean): Uint8Array {
  return p256.sign(data, key.d, { prehash, format: 'der' });
}

/** Plain r ‖ s, as a CV request carries its signatures. */
export function ecdsaSignPlain(key: { d: Uint8Array }, data: Uint8Array): Uint8Array {
  return p256.sign(data, key.d, { prehash: true, format: 'compact' });
}

function rsaPrivateKey(jwk: RsaJwk) {
  return createPrivateKey({
    key: jwk as unknown as JsonWebKey,
    format: 'jwk',
  });
}

export function rsaPublicKeyPem(jwk: RsaJwk): string {
  return createPublicKey(rsaPrivateKey(jwk)).export({ format: 'pem', type: 'spki' }).toString();
}

export function rsaSignSha256(jwk: RsaJwk, data: Uint8Array): Uint8Array {
  return new Uint8Array(nodeSign('sha256', data, rsaPrivateKey(jwk)));
}

/** PKCS#1 v1.5 type-1 padding around a DigestInfo the caller built. */
export function rsaSignDigestInfo(jwk: RsaJwk, digestInfo: Uint8Array): Uint8Array {
  return new Uint8Array(
    privateEncrypt({ key: rsaPrivateKey(jwk), padding: constants.RSA_PKCS1_PADDING }, digestInfo),
  );
}

/** The raw private operation on a modulus-sized block. */
export function rsaSignRaw(jwk: RsaJwk, block: Uint8Array): Uint8Array {
  return new Uint8Array(
    privateEncrypt({ key: rsaPrivateKey(jwk), padding: constants.RSA_NO_PADDING }, block),
  );
}

/** The key as the plain part of a wrapped-key blob (§6). */
export function toWrappedContent(key: CardKey): WrappedKeyContent {
  const none = new Uint8Array(0);
  if (key.kind === 'ec-p256') {
    const p = p256Parameters;
    return {
      keyType: WrappedKeyType.EC,
      algorithmOid: KeyAlgorithmOid.ECDSA_SHA256,
      allowedAlgorithms: none,
      keySize: 256,
      fields: [p.a, p.b, p.prime, p.order, p.generator, key.d, ecPublicPoint(key)].map((f) =>
        f.slice(),
      ),
    };
  }
  if (key.kind === 'aes')
    return {
      keyType: WrappedKeyType.AES,
      algorithmOid: KeyAlgorithmOid.AES,
      allowedAlgorithms: none,
      keySize: key.key.length,
      fields: [key.key.slice()],
    };
  const field = (value: string) => new Uint8Array(Buffer.from(value, 'base64url'));
  return {
    keyType: WrappedKeyType.RSA,
    algorithmOid: KeyAlgorithmOid.RSA_V15_SHA256,
    allowedAlgorithms: none,
    keySize: keySizeBits(key),
    fields: [field(key.jwk.d), field(key.jwk.n), field(key.jwk.e)],
  };
}

const equal = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/** A key out of an opened blob; throws UnsupportedKeyError for what the simulator cannot hold. */
export function fromWrappedContent(content: WrappedKeyContent): CardKey {
  const f = content.fields;
  switch (content.keyType) {
    case WrappedKeyType.EC: {
      const [a, b, prime, , , d, q] = f as [
        Uint8Array,
        Uint8Array,
        Uint8Array,
        Uint8Array,
        Uint8Array,
        Uint8Array,
        Uint8Array,
      ];
      const trim = (v: Uint8Array) => bigintToBytes(bytesToBigint(v), P256_WIDTH);
      if (
        !equal(trim(prime), p256Parameters.prime) ||
        !equal(trim(a), p256Parameters.a) ||
        !equal(trim(b), p256Parameters.b)
      )
        throw new UnsupportedKeyError(
          'the wrapped EC key is not on P-256, the only curve this simulator holds',
        );
      const key = { kind: 'ec-p256' as const, d: trim(d) };
      if (!equal(ecPublicPoint(key), q))
        throw new UnsupportedKeyError(
          'the wrapped EC key is inconsistent: its public point does not match its private key',
        );
      return key;
    }
    case WrappedKeyType.RSA:
      return {
        kind: 'rsa',
        jwk: rsaFromPrivateExponent(
          bytesToBigint(f[1]!),
          bytesToBigint(f[2]!),
          bytesToBigint(f[0]!),
        ),
      };
    case WrappedKeyType.RSA_CRT: {
      // dP, dQ, p, qInv, q, n, e (§6).
      const p = bytesToBigint(f[2]!);
      const q = bytesToBigint(f[4]!);
      const e = bytesToBigint(f[6]!);
      const d = modInverse(e, (p - 1n) * (q - 1n));
      return { kind: 'rsa', jwk: rsaJwk(p * q, e, d, p, q) };
    }
    case WrappedKeyType.AES:
      return { kind: 'aes', key: f[0]!.slice() };
  }
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const quotient = oldR / r;
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }
  if (oldR !== 1n) throw new UnsupportedKeyError('the wrapped RSA key is inconsistent');
  return ((oldS % m) + m) % m;
}

/** Factors n from (n, e, d): the standard randomised method (d·e − 1 = 2^t · r). */
function rsaFromPrivateExponent(n: bigint, e: bigint, d: bigint): RsaJwk {
  const k = d * e - 1n;
  if (k <= 0n || n < 3n) throw new UnsupportedKeyError('the wrapped RSA key is inconsistent');
  let r = k;
  let t = 0;
  while ((r & 1n) === 0n) {
    r >>= 1n;
    t += 1;
  }
  for (let g = 2n; g < 200n; g += 1n) {
    let y = modPow(g, r, n);
    if (y === 1n || y === n - 1n) continue;
    for (let i = 0; i < t; i++) {
      const x = (y * y) % n;
      if (x === 1n) {
        const p = gcd(y - 1n, n);
        return rsaJwk(n, e, d, p, n / p);
      }
      if (x === n - 1n) break;
      y = x;
    }
  }
  throw new UnsupportedKeyError(
    'the wrapped RSA key is inconsistent: its modulus does not factor with its exponents',
  );
}

function rsaJwk(n: bigint, e: bigint, d: bigint, p: bigint, q: bigint): RsaJwk {
  if (p * q !== n) throw new UnsupportedKeyError('the wrapped RSA key is inconsistent');
  const width = (value: bigint) => Math.ceil(value.toString(16).length / 2);
  const b64 = (value: bigint, length = width(value)) =>
    Buffer.from(bigintToBytes(value, length)).toString('base64url');
  return {
    kty: 'RSA',
    n: b64(n),
    e: b64(e),
    d: b64(d),
    p: b64(p),
    q: b64(q),
    dp: b64(d % (p - 1n)),
    dq: b64(d % (q - 1n)),
    qi: b64(modInverse(q, p)),
  };
}
