// AES building blocks for the secure channel (spec §3) and the wrap format (spec §6).
// CMAC, ECB and CBC run on @noble/ciphers' AES rounds with each key's schedule expanded once and
// kept while the key is in use (every session message MACs and encrypts under the same three
// session keys; expanding them per call was a third of the secure channel's time). A kept
// schedule is checked against the key's bytes on each use and dropped by forgetAesKey, which the
// session code calls before it zeroizes a key. AES-CCM comes from Node's OpenSSL, which noble
// lacks.

import { unsafe } from '@noble/ciphers/aes.js';
import { createCipheriv, createDecipheriv } from 'node:crypto';

export const CCM_NONCE_LENGTH = 13;
export const CCM_TAG_LENGTH = 16;

interface KeySchedule {
  /** The key bytes the schedule was expanded from. */
  copy: Uint8Array;
  encrypt: Uint32Array;
  decrypt?: Uint32Array;
  /** CMAC subkeys K1 || K2 (RFC 4493 §2.3). */
  cmacSubkeys?: Uint8Array;
}

const schedules = new WeakMap<Uint8Array, KeySchedule>();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

function wipe(schedule: KeySchedule): void {
  schedule.copy.fill(0);
  schedule.encrypt.fill(0);
  schedule.decrypt?.fill(0);
  schedule.cmacSubkeys?.fill(0);
}

function scheduleFor(key: Uint8Array): KeySchedule {
  const kept = schedules.get(key);
  if (kept && sameBytes(kept.copy, key)) return kept;
  if (kept) wipe(kept);
  const schedule: KeySchedule = { copy: key.slice(), encrypt: unsafe.expandKeyLE(key) };
  schedules.set(key, schedule);
  return schedule;
}

/** Drops and overwrites the kept schedule of `key`; call before zeroizing the key itself. */
export function forgetAesKey(key: Uint8Array): void {
  const kept = schedules.get(key);
  if (!kept) return;
  wipe(kept);
  schedules.delete(key);
}

function word(bytes: Uint8Array, offset: number): number {
  return (
    bytes[offset]! |
    (bytes[offset + 1]! << 8) |
    (bytes[offset + 2]! << 16) |
    (bytes[offset + 3]! << 24)
  );
}

function putWord(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value & 0xff;
  bytes[offset + 1] = (value >>> 8) & 0xff;
  bytes[offset + 2] = (value >>> 16) & 0xff;
  bytes[offset + 3] = (value >>> 24) & 0xff;
}

/** Encrypts the 16 bytes at `offset` of `block` in place. */
function encryptInPlace(schedule: Uint32Array, block: Uint8Array, offset: number): void {
  const out = unsafe.encrypt(
    schedule,
    word(block, offset),
    word(block, offset + 4),
    word(block, offset + 8),
    word(block, offset + 12),
  );
  putWord(block, offset, out.s0);
  putWord(block, offset + 4, out.s1);
  putWord(block, offset + 8, out.s2);
  putWord(block, offset + 12, out.s3);
}

function decryptInPlace(schedule: Uint32Array, block: Uint8Array, offset: number): void {
  const out = unsafe.decrypt(
    schedule,
    word(block, offset),
    word(block, offset + 4),
    word(block, offset + 8),
    word(block, offset + 12),
  );
  putWord(block, offset, out.s0);
  putWord(block, offset + 4, out.s1);
  putWord(block, offset + 8, out.s2);
  putWord(block, offset + 12, out.s3);
}

/** Doubling in GF(2^128) as CMAC's subkey generation does it (RFC 4493 §2.3). */
function double(block: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < 15; i++) out[i] = ((block[i]! << 1) | (block[i + 1]! >>> 7)) & 0xff;
  out[15] = ((block[15]! << 1) & 0xff) ^ (block[0]! & 0x80 ? 0x87 : 0);
  return out;
}

function cmacSubkeys(schedule: KeySchedule): Uint8Array {
  if (!schedule.cmacSubkeys) {
    const l = new Uint8Array(16);
    encryptInPlace(schedule.encrypt, l, 0);
    const k1 = double(l);
    const k2 = double(k1);
    schedule.cmacSubkeys = new Uint8Array(32);
    schedule.cmacSubkeys.set(k1, 0);
    schedule.cmacSubkeys.set(k2, 16);
    for (const part of [l, k1, k2]) part.fill(0);
  }
  return schedule.cmacSubkeys;
}

/** AES-CMAC (RFC 4493 / NIST SP 800-38B), full 16-byte tag. */
export function aesCmac(key: Uint8Array, data: Uint8Array): Uint8Array {
  const schedule = scheduleFor(key);
  const subkeys = cmacSubkeys(schedule);
  const blocks = Math.max(1, Math.ceil(data.length / 16));
  const lastComplete = data.length > 0 && data.length % 16 === 0;
  const state = new Uint8Array(16);
  for (let block = 0; block < blocks - 1; block++) {
    const base = block * 16;
    for (let i = 0; i < 16; i++) state[i]! ^= data[base + i]!;
    encryptInPlace(schedule.encrypt, state, 0);
  }
  const base = (blocks - 1) * 16;
  const subkey = lastComplete ? 0 : 16;
  for (let i = 0; i < 16; i++) {
    const index = base + i;
    const byte = index < data.length ? data[index]! : index === data.length ? 0x80 : 0;
    state[i]! ^= byte ^ subkeys[subkey + i]!;
  }
  encryptInPlace(schedule.encrypt, state, 0);
  return state;
}

/** One AES block, encrypted without padding. */
export function aesEncryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  if (block.length !== 16) throw new RangeError('an AES block is 16 bytes');
  const out = block.slice();
  encryptInPlace(scheduleFor(key).encrypt, out, 0);
  return out;
}

function checkCbc(iv: Uint8Array, data: Uint8Array): void {
  if (iv.length !== 16) throw new RangeError('a CBC IV is 16 bytes');
  if (data.length % 16 !== 0) throw new RangeError('CBC data must be whole 16-byte blocks');
}

/** CBC without padding: the caller pads (the secure channel uses ISO/IEC 9797-1 method 2). */
export function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  checkCbc(iv, data);
  const schedule = scheduleFor(key).encrypt;
  const out = data.slice();
  for (let offset = 0; offset < out.length; offset += 16) {
    for (let i = 0; i < 16; i++) out[offset + i]! ^= offset === 0 ? iv[i]! : out[offset - 16 + i]!;
    encryptInPlace(schedule, out, offset);
  }
  return out;
}

export function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  checkCbc(iv, data);
  const schedule = scheduleFor(key);
  schedule.decrypt ??= unsafe.expandKeyDecLE(key);
  const out = data.slice();
  for (let offset = 0; offset < out.length; offset += 16) {
    decryptInPlace(schedule.decrypt, out, offset);
    for (let i = 0; i < 16; i++) out[offset + i]! ^= offset === 0 ? iv[i]! : data[offset - 16 + i]!;
  }
  return out;
}

function ccmCipherName(key: Uint8Array): 'aes-128-ccm' | 'aes-192-ccm' | 'aes-256-ccm' {
  switch (key.length) {
    case 16:
      return 'aes-128-ccm';
    case 24:
      return 'aes-192-ccm';
    case 32:
      return 'aes-256-ccm';
    default:
      throw new RangeError(`an AES-CCM key is 16, 24 or 32 bytes, not ${key.length}`);
  }
}

/** AES-CCM with a 13-byte nonce and 16-byte tag, no associated data: returns ciphertext || tag. */
export function aesCcmSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const cipher = createCipheriv(ccmCipherName(key), key, nonce, { authTagLength: CCM_TAG_LENGTH });
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const out = new Uint8Array(body.length + CCM_TAG_LENGTH);
  out.set(body, 0);
  out.set(cipher.getAuthTag(), body.length);
  body.fill(0);
  return out;
}

/** Opens ciphertext || tag; returns undefined when the tag does not verify. */
export function aesCcmOpen(
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
): Uint8Array | undefined {
  if (sealed.length < CCM_TAG_LENGTH) return undefined;
  const body = sealed.subarray(0, sealed.length - CCM_TAG_LENGTH);
  const tag = sealed.subarray(sealed.length - CCM_TAG_LENGTH);
  const decipher = createDecipheriv(ccmCipherName(key), key, nonce, {
    authTagLength: CCM_TAG_LENGTH,
  });
  decipher.setAuthTag(tag);
  const plain = decipher.update(body);
  try {
    decipher.final();
  } catch {
    plain.fill(0);
    return undefined;
  }
  return new Uint8Array(plain.buffer, plain.byteOffset, plain.length);
}
