// The SCP03-derived key schedule of the secure channel (spec §3.3–§3.5).

import { aesCmac, aesEncryptBlock, forgetAesKey } from './aes';

export const KdfConstant = {
  SessionEncryption: 0x04,
  SessionMac: 0x06,
  SessionResponseMac: 0x07,
  CardCryptogram: 0x00,
  HostCryptogram: 0x01,
} as const;

/** SCP03 KDF in counter mode over AES-CMAC: 11 zero bytes, constant, 0, L (bits), 1, context. */
export function scp03Kdf(
  key: Uint8Array,
  constant: number,
  lengthBits: number,
  context: Uint8Array,
): Uint8Array {
  const input = new Uint8Array(16 + context.length);
  input[11] = constant;
  input[13] = lengthBits >> 8;
  input[14] = lengthBits & 0xff;
  input[15] = 0x01;
  input.set(context, 16);
  return aesCmac(key, input).slice(0, lengthBits / 8);
}

export interface SessionKeys {
  encryption: Uint8Array;
  mac: Uint8Array;
  responseMac: Uint8Array;
}

/** Drops the kept AES schedules of the three session keys and zeroizes the keys. */
export function wipeSessionKeys(keys: SessionKeys): void {
  for (const key of [keys.encryption, keys.mac, keys.responseMac]) {
    forgetAesKey(key);
    key.fill(0);
  }
}

export function deriveSessionKeys(
  encryptionKey: Uint8Array,
  macKey: Uint8Array,
  context: Uint8Array,
): SessionKeys {
  const keys = {
    encryption: scp03Kdf(encryptionKey, KdfConstant.SessionEncryption, 128, context),
    mac: scp03Kdf(macKey, KdfConstant.SessionMac, 128, context),
    responseMac: scp03Kdf(macKey, KdfConstant.SessionResponseMac, 128, context),
  };
  // The long-term keys serve only this derivation: keep no schedule of them (aes.ts).
  forgetAesKey(encryptionKey);
  forgetAesKey(macKey);
  return keys;
}

export function cardCryptogram(sessionMacKey: Uint8Array, context: Uint8Array): Uint8Array {
  return scp03Kdf(sessionMacKey, KdfConstant.CardCryptogram, 64, context);
}

export function hostCryptogram(sessionMacKey: Uint8Array, context: Uint8Array): Uint8Array {
  return scp03Kdf(sessionMacKey, KdfConstant.HostCryptogram, 64, context);
}

/** IV of a session message: AES-ECB(S-ENC, counter as a 16-byte big-endian integer). */
export function messageIv(sessionEncryptionKey: Uint8Array, counter: number): Uint8Array {
  const block = new Uint8Array(16);
  new DataView(block.buffer).setUint32(12, counter >>> 0);
  new DataView(block.buffer).setUint32(8, Math.floor(counter / 2 ** 32));
  return aesEncryptBlock(sessionEncryptionKey, block);
}

/** ISO/IEC 9797-1 padding method 2: 0x80 then zeros to a 16-byte boundary (always 1..16 bytes). */
export function pad(data: Uint8Array): Uint8Array {
  const out = new Uint8Array((Math.floor(data.length / 16) + 1) * 16);
  out.set(data);
  out[data.length] = 0x80;
  return out;
}

/** Removes method-2 padding; undefined when the padding is not well formed. */
export function unpad(data: Uint8Array): Uint8Array | undefined {
  let end = data.length - 1;
  while (end >= 0 && data[end] === 0x00 && data.length - end <= 16) end--;
  if (end < 0 || data[end] !== 0x80 || data.length - end > 16) return undefined;
  return data.subarray(0, end);
}

/** MAC over chain || frame header || body with the given key; returns the full 16 bytes. */
export function chainedMac(key: Uint8Array, chain: Uint8Array, macInput: Uint8Array): Uint8Array {
  const input = new Uint8Array(chain.length + macInput.length);
  input.set(chain);
  input.set(macInput, chain.length);
  return aesCmac(key, input);
}
