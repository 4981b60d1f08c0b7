// Asymmetric wrap (fw 2.4, PKCS#11 CKM_RSA_AES_KEY_WRAP as python-yubihsm's PublicWrapKey
// describes it): a fresh AES key (aes128/192/256) is encrypted with RSA-OAEP under the wrap
// key, and the payload is wrapped under that AES key with AES Key Wrap with Padding (RFC 5649).
// Output = OAEP ciphertext (modulus length) || KWP output.

import { createCipheriv, createDecipheriv } from 'node:crypto';
import { Algorithm } from '../protocol/algorithms';
import { concatBytes } from '../protocol/bytes';
import { bigintToBytes, bytesToBigint } from './bytes';
import { refuse } from './device-failure';
import { MGF1_HASH, mgf1 } from './rsa-padding';
import { decryptOaep } from './rsa-decryption';
import { rsaModulusLength } from './rsa-keys';

const KWP_IV = Buffer.from('a65959a6', 'hex');

export const EPHEMERAL_KEY_LENGTHS: ReadonlyMap<number, number> = new Map([
  [Algorithm.Aes128, 16],
  [Algorithm.Aes192, 24],
  [Algorithm.Aes256, 32],
]);

const OAEP_HASHES: ReadonlyMap<
  number,
  { name: 'sha1' | 'sha256' | 'sha384' | 'sha512'; length: number }
> = new Map([
  [Algorithm.RsaOaepSha1, { name: 'sha1', length: 20 }],
  [Algorithm.RsaOaepSha256, { name: 'sha256', length: 32 }],
  [Algorithm.RsaOaepSha384, { name: 'sha384', length: 48 }],
  [Algorithm.RsaOaepSha512, { name: 'sha512', length: 64 }],
]);

/** The OAEP label hash length the request's OAEP algorithm implies; unknown -> INVALID_DATA. */
export function oaepLabelHashLength(oaepAlgorithm: number): number {
  return (OAEP_HASHES.get(oaepAlgorithm) ?? refuse.invalidData()).length;
}

function kwpName(key: Uint8Array): 'id-aes128-wrap-pad' {
  return `id-aes${key.length * 8}-wrap-pad` as 'id-aes128-wrap-pad';
}

/** RSAES-OAEP encryption (RFC 8017 §7.1.1) under the modulus n, with MGF1 of its own hash. */
function oaepEncrypt(
  modulus: Uint8Array,
  oaepAlgorithm: number,
  mgf1Algorithm: number,
  labelHash: Uint8Array,
  message: Uint8Array,
  randomBytes: (count: number) => Uint8Array,
): Uint8Array {
  const { length: hashLength } = OAEP_HASHES.get(oaepAlgorithm) ?? refuse.invalidData();
  const mgfHash = MGF1_HASH.get(mgf1Algorithm) ?? refuse.invalidData();
  const k = modulus.length;
  if (labelHash.length !== hashLength || message.length > k - 2 * hashLength - 2)
    refuse.invalidData();
  const db = concatBytes(
    labelHash,
    new Uint8Array(k - message.length - 2 * hashLength - 2),
    Uint8Array.of(0x01),
    message,
  );
  const seed = randomBytes(hashLength);
  const dbMask = mgf1(mgfHash, seed, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= dbMask[i]!;
  const seedMask = mgf1(mgfHash, db, hashLength);
  for (let i = 0; i < hashLength; i++) seed[i]! ^= seedMask[i]!;
  const em = concatBytes(Uint8Array.of(0), seed, db);
  const n = bytesToBigint(modulus);
  let result = 1n;
  let base = bytesToBigint(em) % n;
  for (let exponent = 65537n; exponent > 0n; exponent >>= 1n) {
    if (exponent & 1n) result = (result * base) % n;
    base = (base * base) % n;
  }
  em.fill(0);
  db.fill(0);
  return bigintToBytes(result, k);
}

export interface RsaAesParameters {
  aesAlgorithm: number;
  oaepAlgorithm: number;
  mgf1Algorithm: number;
  labelHash: Uint8Array;
}

/** Wraps `payload` for the holder of the RSA key with modulus `modulus`. */
export function rsaAesWrap(
  modulus: Uint8Array,
  parameters: RsaAesParameters,
  payload: Uint8Array,
  randomBytes: (count: number) => Uint8Array,
): Uint8Array {
  const keyLength = EPHEMERAL_KEY_LENGTHS.get(parameters.aesAlgorithm) ?? refuse.invalidData();
  const ephemeral = randomBytes(keyLength);
  try {
    const encryptedKey = oaepEncrypt(
      modulus,
      parameters.oaepAlgorithm,
      parameters.mgf1Algorithm,
      parameters.labelHash,
      ephemeral,
      randomBytes,
    );
    const cipher = createCipheriv(kwpName(ephemeral), ephemeral, KWP_IV);
    const wrapped = Buffer.concat([cipher.update(payload), cipher.final()]);
    return concatBytes(encryptedKey, wrapped);
  } finally {
    ephemeral.fill(0);
  }
}

/** Opens a blob with the RSA private wrap key; any fault (padding, KWP check) -> INVALID_DATA. */
export function rsaAesUnwrap(
  algorithm: number,
  body: Uint8Array,
  oaepAlgorithm: number,
  mgf1Algorithm: number,
  labelHash: Uint8Array,
  blob: Uint8Array,
): Uint8Array {
  const k = rsaModulusLength(algorithm);
  if (labelHash.length !== oaepLabelHashLength(oaepAlgorithm) || blob.length <= k)
    refuse.invalidData();
  const ephemeral = decryptOaep(algorithm, body, mgf1Algorithm, blob.subarray(0, k), labelHash);
  try {
    if (![16, 24, 32].includes(ephemeral.length)) refuse.invalidData();
    const decipher = createDecipheriv(kwpName(ephemeral), ephemeral, KWP_IV);
    const plain = Buffer.concat([decipher.update(blob.subarray(k)), decipher.final()]);
    const out = new Uint8Array(plain);
    plain.fill(0);
    return out;
  } catch {
    return refuse.invalidData();
  } finally {
    ephemeral.fill(0);
  }
}
