// RSA private keys in the device's internal form (spec §6.3): p, q, dP, dQ, qInv (n/2 bytes
// each) || n (n bytes), e = 65537 always. The private operation runs in Node's OpenSSL (raw,
// no padding); the padding schemes are built here so SIGN PKCS1 can take a bare hash (§4.3).

import {
  constants,
  createPrivateKey,
  generateKeyPair,
  privateDecrypt,
  type KeyObject,
} from 'node:crypto';
import { Algorithm } from '../protocol/algorithms';
import { concatBytes } from '../protocol/bytes';
import { bigintToBytes, bytesToBigint } from './bytes';
import { refuse } from './device-failure';

const PUBLIC_EXPONENT = 65537n;

const MODULUS_BYTES: ReadonlyMap<number, number> = new Map([
  [Algorithm.Rsa2048, 256],
  [Algorithm.Rsa3072, 384],
  [Algorithm.Rsa4096, 512],
]);

export const RSA_ALGORITHMS: readonly number[] = [...MODULUS_BYTES.keys()];

export function rsaModulusLength(algorithm: number): number {
  return MODULUS_BYTES.get(algorithm) ?? refuse.invalidData();
}

function modInverse(value: bigint, modulus: bigint): bigint {
  let [oldR, r] = [((value % modulus) + modulus) % modulus, modulus];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const quotient = oldR / r;
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }
  if (oldR !== 1n) return refuse.invalidData();
  return ((oldS % modulus) + modulus) % modulus;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export interface RsaParts {
  p: bigint;
  q: bigint;
  n: bigint;
  d: bigint;
  dP: bigint;
  dQ: bigint;
  qInv: bigint;
}

function partsFromPrimes(p: bigint, q: bigint, modulusLength: number): RsaParts {
  const n = p * q;
  // The modulus must have exactly the algorithm's size (top byte non-zero).
  if (
    p < 3n ||
    q < 3n ||
    p === q ||
    n >> BigInt(8 * modulusLength - 8) === 0n ||
    n >> BigInt(8 * modulusLength) !== 0n
  )
    refuse.invalidData();
  const lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
  const d = modInverse(PUBLIC_EXPONENT, lambda);
  return { p, q, n, d, dP: d % (p - 1n), dQ: d % (q - 1n), qInv: modInverse(q, p) };
}

function encodeBody(parts: RsaParts, modulusLength: number): Uint8Array {
  const half = modulusLength / 2;
  return concatBytes(
    bigintToBytes(parts.p, half),
    bigintToBytes(parts.q, half),
    bigintToBytes(parts.dP, half),
    bigintToBytes(parts.dQ, half),
    bigintToBytes(parts.qInv, half),
    bigintToBytes(parts.n, modulusLength),
  );
}

/** PUT ASYMMETRIC KEY (spec §4.3): p || q, each n/2 bytes. */
export function rsaBodyFromPrimes(algorithm: number, material: Uint8Array): Uint8Array {
  const modulusLength = rsaModulusLength(algorithm);
  if (material.length !== modulusLength) refuse.wrongLength();
  const half = modulusLength / 2;
  return encodeBody(
    partsFromPrimes(
      bytesToBigint(material.subarray(0, half)),
      bytesToBigint(material.subarray(half)),
      modulusLength,
    ),
    modulusLength,
  );
}

/** A fresh key pair from OpenSSL (its RNG: modulus generation cannot use an injected source). */
export async function generateRsaBody(algorithm: number): Promise<Uint8Array> {
  const modulusLength = rsaModulusLength(algorithm);
  const privateKey = await new Promise<KeyObject>((resolve, reject) => {
    generateKeyPair(
      'rsa',
      { modulusLength: modulusLength * 8, publicExponent: Number(PUBLIC_EXPONENT) },
      (error, _publicKey, key) => {
        if (error) reject(error);
        else resolve(key);
      },
    );
  });
  const jwk = privateKey.export({ format: 'jwk' });
  return encodeBody(
    partsFromPrimes(fromBase64Url(jwk.p), fromBase64Url(jwk.q), modulusLength),
    modulusLength,
  );
}

export function parseBody(algorithm: number, body: Uint8Array): RsaParts {
  const modulusLength = rsaModulusLength(algorithm);
  const half = modulusLength / 2;
  if (body.length !== 7 * half) refuse.invalidData();
  const field = (index: number) => bytesToBigint(body.subarray(index * half, (index + 1) * half));
  const parts = partsFromPrimes(field(0), field(1), modulusLength);
  const n = bytesToBigint(body.subarray(5 * half));
  if (n !== parts.n || field(2) !== parts.dP || field(3) !== parts.dQ || field(4) !== parts.qInv)
    refuse.invalidData();
  return parts;
}

/** Checks an imported body: every CRT component must agree with p and q. */
export function checkRsaBody(algorithm: number, body: Uint8Array): void {
  parseBody(algorithm, body);
}

/** GET PUBLIC KEY: the modulus n (spec §4.3). */
export function rsaPublicKey(algorithm: number, body: Uint8Array): Uint8Array {
  const modulusLength = rsaModulusLength(algorithm);
  return body.slice(body.length - modulusLength);
}

function privateKeyObject(algorithm: number, body: Uint8Array): KeyObject {
  const parts = parseBody(algorithm, body);
  const b64 = (value: bigint) =>
    Buffer.from(bigintToBytes(value, Math.ceil(value.toString(16).length / 2))).toString(
      'base64url',
    );
  return createPrivateKey({
    format: 'jwk',
    key: {
      kty: 'RSA',
      n: b64(parts.n),
      e: b64(PUBLIC_EXPONENT),
      d: b64(parts.d),
      p: b64(parts.p),
      q: b64(parts.q),
      dp: b64(parts.dP),
      dq: b64(parts.dQ),
      qi: b64(parts.qInv),
    },
  });
}

/** The raw private operation m^d mod n on a modulus-length block. */
export function rsaPrivateOperation(
  algorithm: number,
  body: Uint8Array,
  block: Uint8Array,
): Uint8Array {
  const modulusLength = rsaModulusLength(algorithm);
  if (
    block.length !== modulusLength ||
    bytesToBigint(block) >= bytesToBigint(rsaPublicKey(algorithm, body))
  )
    refuse.invalidData();
  return new Uint8Array(
    privateDecrypt(
      { key: privateKeyObject(algorithm, body), padding: constants.RSA_NO_PADDING },
      block,
    ),
  );
}

function fromBase64Url(text: string | undefined): bigint {
  if (!text) throw new Error('OpenSSL returned an RSA key without its primes');
  return bytesToBigint(Buffer.from(text, 'base64url'));
}
