import { describe, expect, it } from 'vitest';
import { DerivationStopped, evpBytesToKeyMd5, type DerivationProgress } from './evp-bytes-to-key';
import { V2 } from './spec-vectors';

describe('EVP_BytesToKey (AES-256-CBC, MD5)', () => {
  it('V2: c = 1 gives the key and IV `openssl enc -aes-256-cbc -md md5` uses', () => {
    const derived = evpBytesToKeyMd5(V2.password, V2.salt, 1);
    expect(Buffer.from(derived.subarray(0, 32)).toString('hex')).toBe(V2.key);
    expect(Buffer.from(derived.subarray(32)).toString('hex')).toBe(V2.iv);
  });

  it('reports each of the three steps, ending at 1, in order', () => {
    const seen: DerivationProgress[] = [];
    evpBytesToKeyMd5(V2.password, V2.salt, 1000, { chunk: 300, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.step)).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
    expect(seen.filter((p) => p.fraction === 1).map((p) => p.step)).toEqual([1, 2, 3]);
  });

  it('stops between chunks when asked', () => {
    let asked = 0;
    expect(() =>
      evpBytesToKeyMd5(V2.password, V2.salt, 10_000, { chunk: 100, shouldStop: () => ++asked > 5 }),
    ).toThrow(DerivationStopped);
    expect(asked).toBe(6);
  });

  it('refuses a salt that is not 8 bytes and a count below 1', () => {
    expect(() => evpBytesToKeyMd5(V2.password, new Uint8Array(7), 1)).toThrow(/8 bytes, not 7/);
    expect(() => evpBytesToKeyMd5(V2.password, V2.salt, 0)).toThrow(/≥ 1/);
  });

  // V3, V4 and V6 at full cost (c = 10^7) are in pbe-file.full-cost.test.ts.
});
