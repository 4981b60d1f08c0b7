// Padding for RSA signatures over a bare hash (spec §4.3 SIGN PKCS1, SIGN PSS): the device
// picks the hash function from the hash's length, as libyubihsm and python expect.

import { createHash } from 'node:crypto';
import { concatBytes } from '../protocol/bytes';
import { refuse } from './device-failure';

interface HashSpec {
  name: 'sha1' | 'sha256' | 'sha384' | 'sha512';
  /** DER DigestInfo prefix (RFC 8017 §9.2 note 1). */
  digestInfo: string;
}

const HASH_BY_LENGTH: ReadonlyMap<number, HashSpec> = new Map([
  [20, { name: 'sha1', digestInfo: '3021300906052b0e03021a05000414' }],
  [32, { name: 'sha256', digestInfo: '3031300d060960864801650304020105000420' }],
  [48, { name: 'sha384', digestInfo: '3041300d060960864801650304020205000430' }],
  [64, { name: 'sha512', digestInfo: '3051300d060960864801650304020305000440' }],
]);

/** MGF1 algorithm codes 32..35 (spec §5.2) -> hash. */
export const MGF1_HASH: ReadonlyMap<number, HashSpec['name']> = new Map([
  [32, 'sha1'],
  [33, 'sha256'],
  [34, 'sha384'],
  [35, 'sha512'],
]);

/** The hash function a bare hash (or label hash) of this length came from. */
export function hashSpec(hash: Uint8Array): HashSpec {
  return HASH_BY_LENGTH.get(hash.length) ?? refuse.invalidData();
}

/** EMSA-PKCS1-v1_5 (RFC 8017 §9.2): 00 01 FF..FF 00 || DigestInfo || hash. */
export function pkcs1SignatureBlock(hash: Uint8Array, modulusLength: number): Uint8Array {
  const digestInfo = concatBytes(
    Uint8Array.from(Buffer.from(hashSpec(hash).digestInfo, 'hex')),
    hash,
  );
  if (digestInfo.length + 11 > modulusLength) refuse.invalidData();
  const block = new Uint8Array(modulusLength).fill(0xff);
  block[0] = 0x00;
  block[1] = 0x01;
  block[modulusLength - digestInfo.length - 1] = 0x00;
  block.set(digestInfo, modulusLength - digestInfo.length);
  return block;
}

export function mgf1(hashName: HashSpec['name'], seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let filled = 0;
  for (let counter = 0; filled < length; counter++) {
    const block = createHash(hashName)
      .update(seed)
      .update(
        Uint8Array.of(
          counter >>> 24,
          (counter >>> 16) & 0xff,
          (counter >>> 8) & 0xff,
          counter & 0xff,
        ),
      )
      .digest();
    out.set(block.subarray(0, Math.min(block.length, length - filled)), filled);
    filled += block.length;
  }
  return out;
}

/**
 * EMSA-PSS-ENCODE (RFC 8017 §9.1.1) for a modulus of `modulusBits`, returned left-padded to the
 * modulus length. The message hash function follows the hash length; MGF1's comes from the
 * request's MGF1 algorithm.
 */
export function pssSignatureBlock(
  hash: Uint8Array,
  mgf1Algorithm: number,
  salt: Uint8Array,
  modulusBits: number,
): Uint8Array {
  const { name } = hashSpec(hash);
  const mgfHash = MGF1_HASH.get(mgf1Algorithm) ?? refuse.invalidData();
  const emBits = modulusBits - 1;
  const emLength = Math.ceil(emBits / 8);
  if (emLength < hash.length + salt.length + 2) refuse.invalidData();
  const h = new Uint8Array(
    createHash(name).update(new Uint8Array(8)).update(hash).update(salt).digest(),
  );
  const db = new Uint8Array(emLength - hash.length - 1);
  db[db.length - salt.length - 1] = 0x01;
  db.set(salt, db.length - salt.length);
  const mask = mgf1(mgfHash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLength - emBits);
  const em = concatBytes(db, h, Uint8Array.of(0xbc));
  const modulusLength = Math.ceil(modulusBits / 8);
  return modulusLength === em.length
    ? em
    : concatBytes(new Uint8Array(modulusLength - em.length), em);
}
