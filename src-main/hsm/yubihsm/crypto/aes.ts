// AES building blocks for the secure channel (spec §3) and the wrap format (spec §6).
// CMAC, ECB and CBC come from @noble/ciphers; AES-CCM from Node's OpenSSL, which noble lacks.

import { cbc, cmac, ecb } from '@noble/ciphers/aes.js';
import { createCipheriv, createDecipheriv } from 'node:crypto';

export const CCM_NONCE_LENGTH = 13;
export const CCM_TAG_LENGTH = 16;

export function aesCmac(key: Uint8Array, data: Uint8Array): Uint8Array {
  return cmac(data, key);
}

/** One AES block, encrypted without padding. */
export function aesEncryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  if (block.length !== 16) throw new RangeError('an AES block is 16 bytes');
  return ecb(key, { disablePadding: true }).encrypt(block);
}

/** CBC without padding: the caller pads (the secure channel uses ISO/IEC 9797-1 method 2). */
export function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return cbc(key, iv, { disablePadding: true }).encrypt(data);
}

export function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return cbc(key, iv, { disablePadding: true }).decrypt(data);
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
