// Ed25519 keys in the device's internal form (spec §6.3): byte-reversed clamped scalar (32) ||
// SHA-512 prefix half (32) || public key (32) = the 96 bytes yubihsm-wrap builds; when the
// device knows the seed (PUT, GENERATE, format-1 export) the seed follows as 32 more bytes.
// Signing works from the scalar and prefix, so keys imported without a seed sign too.

import { ed25519 } from '@noble/curves/ed25519.js';
import { createHash } from 'node:crypto';
import { concatBytes } from '../protocol/bytes';
import { bytesToBigint } from './bytes';
import { refuse } from './device-failure';

export const ED25519_SEED_LENGTH = 32;
/** The yubihsm-wrap body: scalar, prefix, public key. */
export const ED25519_BODY_LENGTH = 96;
/** With the seed appended (EXPORT WRAPPED format 1; layout [unverified] in spec §6.3). */
export const ED25519_BODY_WITH_SEED_LENGTH = 128;

const ORDER = ed25519.Point.Fn.ORDER;

function sha512(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha512');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

function littleEndian(bytes: Uint8Array): bigint {
  return bytesToBigint(Uint8Array.from(bytes).reverse());
}

function scalarTimesBase(scalar: bigint): Uint8Array {
  const reduced = scalar % ORDER;
  return reduced === 0n
    ? ed25519.Point.ZERO.toBytes()
    : ed25519.Point.BASE.multiply(reduced).toBytes();
}

/** The 128-byte body from a 32-byte seed (PUT ASYMMETRIC KEY ed25519, §4.3). */
export function ed25519BodyFromSeed(seed: Uint8Array): Uint8Array {
  if (seed.length !== ED25519_SEED_LENGTH) refuse.wrongLength();
  const h = sha512(seed);
  h[0]! &= 248;
  h[31]! &= 127;
  h[31]! |= 64;
  const scalar = h.slice(0, 32);
  const publicKey = scalarTimesBase(littleEndian(scalar));
  const body = concatBytes(scalar.reverse(), h.subarray(32, 64), publicKey, seed);
  h.fill(0);
  scalar.fill(0);
  return body;
}

/** Checks an imported body (96 or 128 bytes): the public key must match the scalar (and seed). */
export function checkEd25519Body(body: Uint8Array): void {
  if (body.length !== ED25519_BODY_LENGTH && body.length !== ED25519_BODY_WITH_SEED_LENGTH)
    refuse.invalidData();
  const publicKey = scalarTimesBase(bytesToBigint(body.subarray(0, 32)));
  if (!publicKey.every((byte, i) => byte === body[64 + i])) refuse.invalidData();
  if (body.length === ED25519_BODY_WITH_SEED_LENGTH) {
    const again = ed25519BodyFromSeed(body.subarray(96));
    const same = again.every((byte, i) => byte === body[i]);
    again.fill(0);
    if (!same) refuse.invalidData();
  }
}

export function ed25519PublicKey(body: Uint8Array): Uint8Array {
  return body.slice(64, 96);
}

/** The body EXPORT WRAPPED carries: 96 bytes, or 128 with the seed when format 1 asks for it. */
export function ed25519ExportBody(body: Uint8Array, includeSeed: boolean): Uint8Array {
  if (!includeSeed) return body.subarray(0, ED25519_BODY_LENGTH);
  if (body.length !== ED25519_BODY_WITH_SEED_LENGTH) refuse.invalidData();
  return body;
}

/** RFC 8032 signing from the expanded key: R = r·B, S = r + H(R || A || M)·a mod L. */
export function signEddsa(body: Uint8Array, message: Uint8Array): Uint8Array {
  const scalar = bytesToBigint(body.subarray(0, 32));
  const prefix = body.subarray(32, 64);
  const publicKey = body.subarray(64, 96);
  const r = littleEndian(sha512(prefix, message)) % ORDER;
  const R = scalarTimesBase(r);
  const k = littleEndian(sha512(R, publicKey, message)) % ORDER;
  const S = (r + k * (scalar % ORDER)) % ORDER;
  const sBytes = new Uint8Array(32);
  let rest = S;
  for (let i = 0; i < 32; i++) {
    sBytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return concatBytes(R, sBytes);
}
