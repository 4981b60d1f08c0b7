// Yubico OTP AEADs (spec §4.3 OTP commands; Yubico's OTP AEAD commands and python-yubihsm's
// test_otp.py, see DEVICE-NOTES.md). An OTP AEAD key body is nonce id (4, as sent) || AES key
// (16/24/32). An AEAD is nonce (6) || AES-CCM(key, nonce id || nonce || 00 00 00, tag 8) over
// the credential's AES key (16) || private id (6): 36 bytes. DECRYPT OTP opens the AEAD,
// decrypts the 16-byte OTP with the credential key, checks its CRC-16 and private id, and
// answers use counter (2) || session counter (1) || timestamp high (1) || timestamp low (2),
// the counters in the token's own little-endian byte order.

import { createCipheriv, createDecipheriv } from 'node:crypto';
import { ecb } from '@noble/ciphers/aes.js';
import { Algorithm } from '../protocol/algorithms';
import { DeviceErrorCode } from '../protocol/device-errors';
import { concatBytes, equalBytes } from '../protocol/bytes';
import { DeviceFailure, refuse } from './device-failure';

export const OTP_AEAD_KEY_LENGTHS: ReadonlyMap<number, number> = new Map([
  [Algorithm.Aes128YubicoOtp, 16],
  [Algorithm.Aes192YubicoOtp, 24],
  [Algorithm.Aes256YubicoOtp, 32],
]);
export const OTP_ALGORITHMS: readonly number[] = [...OTP_AEAD_KEY_LENGTHS.keys()];

export const NONCE_ID_LENGTH = 4;
export const AEAD_LENGTH = 36;
export const OTP_LENGTH = 16;
const CREDENTIAL_KEY_LENGTH = 16;
const PRIVATE_ID_LENGTH = 6;
const AEAD_NONCE_LENGTH = 6;
const AEAD_TAG_LENGTH = 8;
/** CRC-16/X.25 over a whole token including its stored CRC leaves this residue. */
const CRC_RESIDUE = 0xf0b8;

export function otpKeyLength(algorithm: number): number {
  return OTP_AEAD_KEY_LENGTHS.get(algorithm) ?? refuse.invalidData();
}

/** nonce id || key; the key length must match the algorithm. */
export function otpAeadKeyBody(
  algorithm: number,
  nonceId: Uint8Array,
  key: Uint8Array,
): Uint8Array {
  if (nonceId.length !== NONCE_ID_LENGTH || key.length !== otpKeyLength(algorithm))
    refuse.invalidData();
  return concatBytes(nonceId, key);
}

export function checkOtpAeadKeyBody(algorithm: number, body: Uint8Array): void {
  if (body.length !== NONCE_ID_LENGTH + otpKeyLength(algorithm)) refuse.invalidData();
}

function ccmNonce(body: Uint8Array, aeadNonce: Uint8Array): Uint8Array {
  return concatBytes(body.subarray(0, NONCE_ID_LENGTH), aeadNonce, new Uint8Array(3));
}

function cipherName(key: Uint8Array): string {
  return `aes-${key.length * 8}-ccm`;
}

/** A new AEAD over credential key (16) || private id (6) under the OTP AEAD key body. */
export function sealOtpAead(
  body: Uint8Array,
  credential: Uint8Array,
  randomBytes: (count: number) => Uint8Array,
): Uint8Array {
  if (credential.length !== CREDENTIAL_KEY_LENGTH + PRIVATE_ID_LENGTH) refuse.wrongLength();
  const key = body.subarray(NONCE_ID_LENGTH);
  const nonce = randomBytes(AEAD_NONCE_LENGTH);
  const cipher = createCipheriv(cipherName(key) as 'aes-128-ccm', key, ccmNonce(body, nonce), {
    authTagLength: AEAD_TAG_LENGTH,
  });
  const sealed = Buffer.concat([cipher.update(credential), cipher.final(), cipher.getAuthTag()]);
  const out = concatBytes(nonce, sealed);
  sealed.fill(0);
  return out;
}

/** The 22-byte credential inside an AEAD; a tag that does not verify is INVALID_DATA. */
export function openOtpAead(body: Uint8Array, aead: Uint8Array): Uint8Array {
  if (aead.length !== AEAD_LENGTH) refuse.wrongLength();
  const key = body.subarray(NONCE_ID_LENGTH);
  const nonce = aead.subarray(0, AEAD_NONCE_LENGTH);
  const decipher = createDecipheriv(cipherName(key) as 'aes-128-ccm', key, ccmNonce(body, nonce), {
    authTagLength: AEAD_TAG_LENGTH,
  });
  decipher.setAuthTag(aead.subarray(AEAD_LENGTH - AEAD_TAG_LENGTH));
  const plain = decipher.update(aead.subarray(AEAD_NONCE_LENGTH, AEAD_LENGTH - AEAD_TAG_LENGTH));
  try {
    decipher.final();
  } catch {
    plain.fill(0);
    return refuse.invalidData();
  }
  const credential = new Uint8Array(plain);
  plain.fill(0);
  return credential;
}

function crc16(data: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  }
  return crc;
}

/** DECRYPT OTP's answer; a token that fails its CRC or names another private id is INVALID_OTP. */
export function decryptOtp(credential: Uint8Array, otp: Uint8Array): Uint8Array {
  if (otp.length !== OTP_LENGTH) refuse.wrongLength();
  const token = ecb(credential.subarray(0, CREDENTIAL_KEY_LENGTH), {
    disablePadding: true,
  }).decrypt(otp);
  try {
    const privateId = credential.subarray(CREDENTIAL_KEY_LENGTH);
    if (
      crc16(token) !== CRC_RESIDUE ||
      !equalBytes(token.subarray(0, PRIVATE_ID_LENGTH), privateId)
    )
      throw new DeviceFailure(DeviceErrorCode.INVALID_OTP);
    return Uint8Array.of(token[6]!, token[7]!, token[11]!, token[10]!, token[8]!, token[9]!);
  } finally {
    token.fill(0);
  }
}
