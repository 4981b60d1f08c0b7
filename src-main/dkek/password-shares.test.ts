import { randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  bytesToBigint,
  checkSplitLimits,
  formatHexBytes,
  interpolateAtZero,
  newSharePassword,
  reconstructPassword,
  shamirValues,
  splitPassword,
  type ReadPasswordShare,
} from './password-shares';
import { V5, V6, V8, hex } from './spec-vectors';

const big = (text: string) => BigInt(`0x${text.replace(/:/g, '')}`);
const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const p5 = big(V5.prime);
const v5Shares: ReadPasswordShare[] = V5.shares.map((value, index) => ({
  prime: p5,
  id: index + 1,
  value: big(value),
  source: `${index + 1}.txt`,
}));

function subsets<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  return items.flatMap((item, index) =>
    subsets(items.slice(index + 1), size - 1).map((rest) => [item, ...rest]),
  );
}

describe('Shamir over GF(p) for the .pbe password', () => {
  it("V5: the polynomial gives sc-hsm-tool's five share values", () => {
    const values = shamirValues(big(V5.secret), V5.coefficients.map(big), p5, 5);
    expect(values.map(formatHexBytes)).toEqual(V5.shares);
  });

  it('V5: every 3 of the 5 shares, and 1-4, rebuild the password', () => {
    for (const subset of [...subsets(v5Shares, 3), v5Shares.slice(0, 4)]) {
      expect(hexOf(reconstructPassword(subset)), subset.map((s) => s.id).join(',')).toBe(V5.secret);
    }
    expect(subsets(v5Shares, 3)).toHaveLength(10);
  });

  it('V5: shares 1 and 2 alone interpolate to the wrong number the spec records', () => {
    expect(interpolateAtZero(v5Shares.slice(0, 2), p5).toString(16)).toBe(V5.belowThreshold);
  });

  it("V6: any 2 of sc-hsm-tool's 2-of-3 shares rebuild its password", () => {
    const prime = big(V6.prime);
    const shares = V6.shares.map((value, index) => ({
      prime,
      id: index + 1,
      value: big(value),
      source: `${index + 1}.txt`,
    }));
    for (const pair of subsets(shares, 2))
      expect(hexOf(reconstructPassword(pair))).toBe(V6.password);
  });

  it('V8: a password with a leading zero byte comes back as all 8 bytes (§4.3 defect 1)', () => {
    const shares = shamirValues(big(V8.password), [0x1234567890abcdefn], p5, 3).map(
      (value, index): ReadPasswordShare => ({
        prime: p5,
        id: index + 1,
        value,
        source: `${index + 1}`,
      }),
    );
    const password = reconstructPassword([shares[0]!, shares[2]!]);
    expect(hexOf(password)).toBe(V8.password);
    expect(password).toHaveLength(8);
  });

  it('splits random passwords t-of-n and rebuilds them from random t-subsets', () => {
    for (let round = 0; round < 20; round += 1) {
      const total = randomInt(3, 10);
      const threshold = randomInt(2, total + 1);
      const password = newSharePassword();
      const shares: ReadPasswordShare[] = splitPassword(password, { threshold, total }).map(
        (share) => ({ ...share, source: `${share.id}.txt` }),
      );
      const chosen = [...shares].sort(() => Math.random() - 0.5).slice(0, threshold);
      expect(hexOf(reconstructPassword(chosen))).toBe(hexOf(password));
      expect(new Set(shares.map((share) => share.prime)).size).toBe(1);
      expect(shares.map((share) => share.id)).toEqual(
        Array.from({ length: total }, (_, i) => i + 1),
      );
    }
  });

  it('draws passwords with the top bit clear and never a leading zero byte', () => {
    let calls = 0;
    // A source whose first two draws begin with 00 and 80 (80 & 7f = 00): both redrawn.
    const source = (length: number) => {
      calls += 1;
      if (calls === 1) return hex('0011223344556677').subarray(0, length);
      if (calls === 2) return hex('8011223344556677').subarray(0, length);
      return hex('ff11223344556677').subarray(0, length);
    };
    expect(hexOf(newSharePassword(source))).toBe('7f11223344556677');
    for (let i = 0; i < 2000; i += 1) {
      const password = newSharePassword();
      expect(password[0]! & 0x80).toBe(0);
      expect(password[0]).not.toBe(0);
    }
  });

  it("keeps sc-hsm-tool's limits and refuses IDs it would misread", () => {
    expect(() => checkSplitLimits({ threshold: 2, total: 2 })).toThrow(/at least 3 shares/);
    expect(() => checkSplitLimits({ threshold: 1, total: 3 })).toThrow(/between 2 and/);
    expect(() => checkSplitLimits({ threshold: 4, total: 3 })).toThrow(/between 2 and/);
    expect(() => checkSplitLimits({ threshold: 3, total: 10 })).toThrow(
      /share 10 would be taken for 16/,
    );
    expect(() => checkSplitLimits({ threshold: 3, total: 12, allowIdsOver9: true })).not.toThrow();
  });
});

describe('rebuilding refuses shares that cannot be right, each with its sentence', () => {
  it('a share from another set (other prime)', () => {
    const foreign = { ...v5Shares[2]!, prime: big(V6.prime), source: 'other.txt' };
    expect(() => reconstructPassword([v5Shares[0]!, v5Shares[1]!, foreign])).toThrow(
      /other\.txt belongs to another password share set than 1\.txt: their primes differ \(d7:e3:4e:0c:36:65:8f:93 and f5:56:46:c9:a5:a1:01:87\)/,
    );
  });

  it('the same share twice, and two values for one ID', () => {
    const again = { ...v5Shares[0]!, source: 'copy.txt' };
    expect(() => reconstructPassword([v5Shares[0]!, again, v5Shares[2]!])).toThrow(
      /copy\.txt and 1\.txt are the same share \(ID 1\)/,
    );
    const clash = { ...v5Shares[0]!, value: v5Shares[0]!.value + 1n, source: 'typo.txt' };
    expect(() => reconstructPassword([v5Shares[0]!, clash, v5Shares[2]!])).toThrow(
      /both say Share ID 1 but hold different values: one of them is mistyped/,
    );
  });

  it("fewer shares than the set's threshold, when the files say it", () => {
    const withThreshold = v5Shares.map((share) => ({
      ...share,
      threshold: { threshold: 3, total: 5 },
    }));
    expect(() => reconstructPassword(withThreshold.slice(0, 2))).toThrow(
      /This is a 3-of-5 set and 2 shares were given: add 1 more custodian's share/,
    );
    expect(() => reconstructPassword(withThreshold.slice(0, 1))).toThrow(
      /Only 1 password share was given; a set needs at least 3/,
    );
  });

  it('a rebuilt number no sc-hsm-tool password can be (a typo caught before any derivation)', () => {
    // One-digit typos that make the rebuilt number ≥ 2^63: some high-digit ones do (a typo in a
    // low digit is caught by the check word, or at the latest by the padding check).
    const three = v5Shares.slice(0, 3);
    const typos = three.flatMap((share, index) =>
      Array.from({ length: 16 * 15 }, (_, k) => {
        const value = share.value ^ (BigInt((k % 15) + 1) << BigInt(4 * Math.floor(k / 15)));
        const shares = three.map((other, at) => (at === index ? { ...other, value } : other));
        return value < p5 && interpolateAtZero(shares, p5) >> 63n === 1n ? [shares] : [];
      }).flat(),
    );
    expect(typos.length).toBeGreaterThan(10);
    for (const shares of typos.slice(0, 20))
      expect(() => reconstructPassword(shares)).toThrow(
        /do not rebuild a password sc-hsm-tool could have made/,
      );
  });

  it('reads numbers big-endian', () => {
    expect(bytesToBigint(randomBytes(0))).toBe(0n);
    expect(bytesToBigint(hex('0102'))).toBe(0x102n);
  });
});
