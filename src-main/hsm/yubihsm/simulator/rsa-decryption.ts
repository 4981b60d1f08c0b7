// RSA decryption (spec §4.3 DECRYPT PKCS1, DECRYPT OAEP): the raw private operation, then the
// padding is checked here. Any padding fault is INVALID_DATA (spec §10.4), whichever check
// failed, so the answer says nothing about where the plaintext went wrong.

import { equalBytes } from '../protocol/bytes';
import { refuse } from './device-failure';
import { MGF1_HASH, hashSpec, mgf1 } from './rsa-padding';
import { rsaModulusLength, rsaPrivateOperation } from './rsa-keys';

/** RSAES-PKCS1-v1_5 (RFC 8017 §7.2.2): 00 02 PS (>= 8 non-zero bytes) 00 M. */
export function decryptPkcs1(
  algorithm: number,
  body: Uint8Array,
  ciphertext: Uint8Array,
): Uint8Array {
  if (ciphertext.length !== rsaModulusLength(algorithm)) refuse.invalidData();
  const em = rsaPrivateOperation(algorithm, body, ciphertext);
  try {
    const separator = em.indexOf(0, 2);
    if (em[0] !== 0x00 || em[1] !== 0x02 || separator < 10) return refuse.invalidData();
    return em.slice(separator + 1);
  } finally {
    em.fill(0);
  }
}

/**
 * RSAES-OAEP (RFC 8017 §7.1.2). The OAEP hash is the one whose output length the label hash
 * has ([inferred] in spec §4.3); MGF1's hash comes from the request's MGF1 algorithm.
 */
export function decryptOaep(
  algorithm: number,
  body: Uint8Array,
  mgf1Algorithm: number,
  ciphertext: Uint8Array,
  labelHash: Uint8Array,
): Uint8Array {
  const modulusLength = rsaModulusLength(algorithm);
  hashSpec(labelHash);
  const mgfHash = MGF1_HASH.get(mgf1Algorithm) ?? refuse.invalidData();
  const hashLength = labelHash.length;
  if (ciphertext.length !== modulusLength || modulusLength < 2 * hashLength + 2)
    refuse.invalidData();
  const em = rsaPrivateOperation(algorithm, body, ciphertext);
  const seed = em.slice(1, 1 + hashLength);
  const db = em.slice(1 + hashLength);
  try {
    const seedMask = mgf1(mgfHash, db, hashLength);
    for (let i = 0; i < hashLength; i++) seed[i]! ^= seedMask[i]!;
    const dbMask = mgf1(mgfHash, seed, db.length);
    for (let i = 0; i < db.length; i++) db[i]! ^= dbMask[i]!;
    const separator = db.indexOf(0x01, hashLength);
    const paddingIsZero =
      separator >= 0 && db.subarray(hashLength, separator).every((byte) => byte === 0);
    if (em[0] !== 0x00 || !equalBytes(db.subarray(0, hashLength), labelHash) || !paddingIsZero)
      return refuse.invalidData();
    return db.slice(separator + 1);
  } finally {
    em.fill(0);
    seed.fill(0);
    db.fill(0);
  }
}
