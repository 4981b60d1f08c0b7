import { describe, expect, it } from 'vitest';
import {
  combineShares,
  dkekCheckValue,
  dkekCheckValueBytes,
  dkekEncryptionKey,
  dkekMacKey,
} from './dkek-keys';
import { createHash } from 'node:crypto';

const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));

describe('DKEK check value and keys (spec §3, §8 V1, V7)', () => {
  it('V1: the three known DKEKs give their known check values', () => {
    expect(dkekCheckValue(new Uint8Array(32))).toBe('66687AADF862BD77');
    expect(dkekCheckValue(new Uint8Array(32).fill(1))).toBe('72CD6E8422C407FB');
    expect(dkekCheckValue(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe('630DCD2966C43366');
    expect(Buffer.from(dkekCheckValueBytes(new Uint8Array(32))).toString('hex')).toBe(
      '66687aadf862bd77',
    );
  });

  it('the same share twice makes the all-zero DKEK (66687AADF862BD77)', () => {
    const share = hex('78a2671e4cfa2e2d16f929d8360649fa49166d4e13685e485eddb502a9a265f4');
    expect(dkekCheckValue(combineShares([share, share]))).toBe('66687AADF862BD77');
  });

  it('V7: KENC and KMAC are SHA-256 of the DKEK with counter 1 and 2', () => {
    const dkek = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
    const expectHash = (counter: number) =>
      createHash('sha256')
        .update(Buffer.concat([Buffer.from(dkek), Buffer.from([0, 0, 0, counter])]))
        .digest('hex');
    expect(Buffer.from(dkekEncryptionKey(dkek)).toString('hex')).toBe(expectHash(1));
    expect(Buffer.from(dkekMacKey(dkek)).toString('hex')).toBe(expectHash(2));
    // The pico-hsm test's constant: KMAC of the all-zero DKEK.
    expect(Buffer.from(dkekMacKey(new Uint8Array(32))).toString('hex')).toBe(
      createHash('sha256')
        .update(new Uint8Array(36).fill(0, 0, 35).fill(2, 35))
        .digest('hex'),
    );
  });
});
