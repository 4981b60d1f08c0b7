// Asymmetric keys by algorithm (spec §4.3, §5.2): what PUT takes, what GENERATE makes, what GET
// PUBLIC KEY returns. RSA, EC and Ed25519 each live in their own module.

import { Algorithm } from '../protocol/algorithms';
import { refuse } from './device-failure';
import {
  EC_ALGORITHMS,
  checkEcBody,
  ecBodyFromScalar,
  ecPublicKey,
  generateEcBody,
} from './ec-keys';
import { checkEd25519Body, ed25519BodyFromSeed, ed25519PublicKey } from './ed25519-keys';
import {
  RSA_ALGORITHMS,
  checkRsaBody,
  generateRsaBody,
  rsaBodyFromPrimes,
  rsaPublicKey,
} from './rsa-keys';

export const ASYMMETRIC_ALGORITHMS: readonly number[] = [
  ...RSA_ALGORITHMS,
  ...EC_ALGORITHMS,
  Algorithm.Ed25519,
];

export function isRsa(algorithm: number): boolean {
  return RSA_ALGORITHMS.includes(algorithm);
}

export function isEc(algorithm: number): boolean {
  return EC_ALGORITHMS.includes(algorithm);
}

/** PUT ASYMMETRIC KEY material -> internal body. Unsupported algorithms are INVALID_DATA. */
export function asymmetricBodyFromMaterial(algorithm: number, material: Uint8Array): Uint8Array {
  if (isRsa(algorithm)) return rsaBodyFromPrimes(algorithm, material);
  if (isEc(algorithm)) return ecBodyFromScalar(algorithm, material);
  if (algorithm === Algorithm.Ed25519) return ed25519BodyFromSeed(material);
  return refuse.invalidData();
}

export async function generateAsymmetricBody(
  algorithm: number,
  randomBytes: (count: number) => Uint8Array,
): Promise<Uint8Array> {
  if (isRsa(algorithm)) return generateRsaBody(algorithm);
  if (isEc(algorithm)) return generateEcBody(algorithm, randomBytes);
  if (algorithm === Algorithm.Ed25519) {
    const seed = randomBytes(32);
    const body = ed25519BodyFromSeed(seed);
    seed.fill(0);
    return body;
  }
  return refuse.invalidData();
}

/** Checks a body arriving by IMPORT WRAPPED: consistent components, public part matches. */
export function checkAsymmetricBody(algorithm: number, body: Uint8Array): void {
  if (isRsa(algorithm)) checkRsaBody(algorithm, body);
  else if (isEc(algorithm)) checkEcBody(algorithm, body);
  else if (algorithm === Algorithm.Ed25519) checkEd25519Body(body);
  else refuse.invalidData();
}

/** GET PUBLIC KEY's key bytes: n, X || Y, or the 32-byte Ed25519 key (spec §4.3). */
export function asymmetricPublicKey(algorithm: number, body: Uint8Array): Uint8Array {
  if (isRsa(algorithm)) return rsaPublicKey(algorithm, body);
  if (isEc(algorithm)) return ecPublicKey(algorithm, body);
  if (algorithm === Algorithm.Ed25519) return ed25519PublicKey(body);
  return refuse.invalidData();
}
