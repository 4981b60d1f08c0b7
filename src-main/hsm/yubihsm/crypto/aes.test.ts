// The kept-schedule AES of aes.ts against RFC 4493's CMAC vectors and @noble/ciphers' own
// CMAC/CBC/ECB on seeded random keys and data, including a key whose bytes change (a kept
// schedule must never outlive the key it came from).

import { cbc, cmac, ecb } from '@noble/ciphers/aes.js';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../test-support/seeded-random';
import { aesCbcDecrypt, aesCbcEncrypt, aesCmac, aesEncryptBlock, forgetAesKey } from './aes';

const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('AES with kept key schedules', () => {
  it('gives RFC 4493 §4 CMAC vectors', () => {
    const key = hex('2b7e151628aed2a6abf7158809cf4f3c');
    const message = hex(
      '6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710',
    );
    expect(toHex(aesCmac(key, new Uint8Array(0)))).toBe('bb1d6929e95937287fa37d129b756746');
    expect(toHex(aesCmac(key, message.subarray(0, 16)))).toBe('070a16b46b4d4144f79bdd9dd04a287c');
    expect(toHex(aesCmac(key, message.subarray(0, 40)))).toBe('dfa66747de9ae63030ca32611497c827');
    expect(toHex(aesCmac(key, message))).toBe('51f0bebf7e3b9d92fc49741779363cfe');
  });

  it('matches @noble/ciphers on 600 random keys (16/24/32 bytes), also after a key changes', () => {
    const random = seededRandom(0xae5);
    for (let round = 0; round < 600; round++) {
      const key = random.bytes([16, 24, 32][round % 3]!);
      const data = random.bytes(round % 70);
      const blocks = random.bytes(16 * (round % 5));
      const iv = random.bytes(16);
      expect(toHex(aesCmac(key, data))).toBe(toHex(cmac(data, key)));
      const reference = cbc(key, iv, { disablePadding: true });
      expect(toHex(aesCbcEncrypt(key, iv, blocks))).toBe(toHex(reference.encrypt(blocks)));
      expect(toHex(aesCbcDecrypt(key, iv, blocks))).toBe(
        toHex(cbc(key, iv, { disablePadding: true }).decrypt(blocks)),
      );
      const block = random.bytes(16);
      expect(toHex(aesEncryptBlock(key, block))).toBe(
        toHex(ecb(key, { disablePadding: true }).encrypt(block)),
      );
      key[round % key.length]! ^= 0x01;
      expect(toHex(aesCmac(key, data))).toBe(toHex(cmac(data, key)));
      forgetAesKey(key);
      expect(toHex(aesCmac(key, data))).toBe(toHex(cmac(data, key)));
    }
  });
});
