import { describe, expect, it } from 'vitest';
import { AES_FIELD, RUSTY_SECRETS_FIELD, createField, divide, inverse, multiply } from './gf256';

/** Schoolbook carry-less multiplication, written independently of gf256.ts. */
function slowMultiply(a: number, b: number, polynomial: number): number {
  let wide = 0;
  for (let bit = 0; bit < 8; bit++) if ((b >> bit) & 1) wide ^= a << bit;
  for (let bit = 15; bit >= 8; bit--) if ((wide >> bit) & 1) wide ^= polynomial << (bit - 8);
  return wide;
}

describe('GF(2^8)', () => {
  it('multiplies in the AES field as FIPS-197 §4.2 shows', () => {
    expect(multiply(AES_FIELD, 0x57, 0x83)).toBe(0xc1);
    expect(multiply(AES_FIELD, 0x57, 0x13)).toBe(0xfe);
    // The S-box is built on inverses; FIPS-197 §5.1.1 starts from {53}^-1 = {ca}.
    expect(inverse(AES_FIELD, 0x53)).toBe(0xca);
  });

  it('builds the rusty_secrets field by doubling with 0x1D on overflow (spec §3.4)', () => {
    expect(Array.from(RUSTY_SECRETS_FIELD.exp.subarray(0, 13))).toEqual([
      0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1d, 0x3a, 0x74, 0xe8, 0xcd,
    ]);
  });

  for (const field of [RUSTY_SECRETS_FIELD, AES_FIELD]) {
    it(`matches schoolbook multiplication for every pair, modulo 0x${field.polynomial.toString(16)}`, () => {
      for (let a = 0; a < 256; a++) {
        for (let b = 0; b < 256; b++) {
          const product = multiply(field, a, b);
          if (product !== slowMultiply(a, b, field.polynomial)) throw new Error(`${a}·${b}`);
          if (b !== 0 && divide(field, product, b) !== a) throw new Error(`${product}/${b}`);
        }
      }
    });
  }

  it('refuses a generator that does not reach every element', () => {
    expect(() => createField(0x11b, 0x02)).toThrow(/does not generate/);
    expect(() => divide(AES_FIELD, 5, 0)).toThrow(/division by zero/);
  });
});
